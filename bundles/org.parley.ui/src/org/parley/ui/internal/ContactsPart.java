package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Link;
import org.parley.core.Address;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The window's left column: the user's own status, the accounts and how their registration
 * stands, the searchable contact list with presence, a field to call or message any address,
 * and the count of missed calls and unread messages.
 */
public final class ContactsPart {

    @Inject
    private WindowActions actions;
    private DesktopSession session;
    private OwnStatusRow ownStatus;
    private AccountList accounts;
    private ContactList contacts;
    private DialRow dial;
    private Link counters;

    @PostConstruct
    void create(Composite parent) {
        StartupReport.step("contacts-part");
        session = Sessions.await();
        parent.setLayout(new GridLayout(1, false));
        ownStatus = new OwnStatusRow(parent, session, actions);
        accounts = new AccountList(parent, session, actions);
        contacts = new ContactList(parent, session, actions);
        dial = new DialRow(parent, session, actions);
        counters = Ids.set(new Link(parent, SWT.NONE), "counters");
        counters.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        counters.addListener(SWT.Selection, event -> {
            if ("missed".equals(event.text)) {
                session.clearMissedCalls();
                actions.showHistory();
            } else {
                actions.showCalls();
            }
        });
        // watch first, then read: a change between the two is then seen (reading first lost statuses)
        UiWatch.start(parent, session, this::changed);
        refreshAccounts();
        contacts.refresh();
        refreshCounters();
        parent.getDisplay().asyncExec(() -> {
            if (!parent.isDisposed() && parent.getShell().isVisible()) {
                StartupReport.windowShown();
            }
        });
        parent.getShell().addListener(SWT.Show, event -> StartupReport.windowShown());
    }

    private void changed(List<SessionChange> changes) {
        if (changes.stream().anyMatch(SessionChange.Accounts.class::isInstance)) {
            refreshAccounts();
            contacts.refresh();
        } else if (changes.stream().anyMatch(SessionChange.Contacts.class::isInstance)) {
            contacts.refresh();
            ownStatus.refresh();
        }
        if (changes.stream().anyMatch(c -> c instanceof SessionChange.Counters || c instanceof SessionChange.CallChanged)) {
            refreshCounters();
        }
    }

    private void refreshAccounts() {
        if (!session.accounts().isEmpty()) {
            StartupReport.accountsShown();
        }
        accounts.refresh();
        dial.refresh();
        ownStatus.refresh();
    }

    /** Shows {@code address} in the dial field, focused, for the user to call or message. */
    void prefill(Address address) {
        dial.prefill(address);
    }

    private void refreshCounters() {
        int missed = session.missedCalls();
        int unread = session.unreadMessages();
        List<String> parts = new ArrayList<>();
        if (missed > 0) {
            parts.add("<a href=\"missed\">" + missed + " missed call" + (missed == 1 ? "" : "s") + "</a>");
        }
        if (unread > 0) {
            parts.add(unread + " unread message" + (unread == 1 ? "" : "s"));
        }
        counters.setText(String.join(" · ", parts));
        counters.getParent().layout(true);
    }
}

