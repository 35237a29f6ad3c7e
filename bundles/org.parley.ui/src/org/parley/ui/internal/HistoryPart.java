package org.parley.ui.internal;

import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.ui.internal.history.HistoryActions;
import org.parley.ui.internal.history.HistoryView;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The history tab: past calls and messages, searchable, to call back or message from. */
public final class HistoryPart {

    @Inject
    private WindowActions actions;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new FillLayout());
        new HistoryView(parent, Sessions.await(), new HistoryActions() {
            @Override
            public void call(AccountId account, Address peer) {
                actions.call(account, peer);
            }

            @Override
            public void message(AccountId account, Address peer) {
                actions.openConversation(account, peer);
            }
        });
    }
}
