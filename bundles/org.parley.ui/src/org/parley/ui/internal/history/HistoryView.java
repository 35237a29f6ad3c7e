package org.parley.ui.internal.history;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;
import org.parley.core.telephony.CallEvent;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.session.DesktopSession;
import org.parley.ui.internal.session.SessionChange;

/**
 * The history of calls and messages: the recent ones of all conversations, newest first, or the
 * messages a full-text search finds. A selected entry's peer can be called back or written to.
 * The list follows the session (ended calls, messages, the history service coming and going),
 * reloading at most twice a second, until the view's parent is disposed.
 */
public final class HistoryView {

    private static final int RELOAD_SPACING_MS = 500;
    /** The history service records an event in its own listener, which may run after the session's. */
    private static final int SETTLE_MS = 200;

    private final DesktopSession session;
    private final HistoryActions actions;
    private final Display display;
    private final Composite root;
    private final Text search;
    private final Table table;
    private final Label status;
    private final Button callBack;
    private final Button message;
    private final ReloadPacer pacer;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("parley-history-view").unstarted(task));
    private final AutoCloseable watching;
    /** Counts reloads, so that only the latest one's result is shown. */
    private int generation;

    /**
     * Builds the view into {@code parent} (which gets a fill layout if it has no layout) and loads
     * the recent entries.
     */
    public HistoryView(Composite parent, DesktopSession session, HistoryActions actions) {
        this.session = session;
        this.actions = actions;
        this.display = parent.getDisplay();
        if (parent.getLayout() == null) {
            parent.setLayout(new FillLayout());
        }
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));

        search = new Text(root, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        search.setMessage("Search messages");
        search.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(search, "history.search");
        Accessibility.name(search, "Search messages");

        table = new Table(root, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Ids.set(table, "history.table");
        Accessibility.name(table, "History of calls and messages");
        column("When", 130);
        column("Account", 90);
        column("Peer", 200);
        column("What", 320);
        table.addListener(SWT.Resize, event -> stretchLastColumn());

        status = new Label(root, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(status, "history.status");

        Composite buttons = new Composite(root, SWT.NONE);
        buttons.setLayout(new GridLayout(2, true));
        buttons.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        callBack = button(buttons, "Call back", "history.call");
        message = button(buttons, "Message", "history.message");

        pacer = new ReloadPacer(display, RELOAD_SPACING_MS, this::reload);
        search.addListener(SWT.Modify, event -> pacer.request());
        table.addListener(SWT.Selection, event -> enableButtons());
        table.addListener(SWT.DefaultSelection, event -> selected().ifPresent(
                entry -> actions.message(entry.account(), entry.peer())));
        callBack.addListener(SWT.Selection, event -> selected().ifPresent(
                entry -> actions.call(entry.account(), entry.peer())));
        message.addListener(SWT.Selection, event -> selected().ifPresent(
                entry -> actions.message(entry.account(), entry.peer())));
        watching = session.watch(this::sessionChanged);
        root.addListener(SWT.Dispose, event -> stop());
        enableButtons();
        pacer.request();
    }

    /** The view's top control, for the caller's layout. */
    public Control control() {
        return root;
    }

    private void sessionChanged(SessionChange change) {
        boolean concerned = switch (change) {
            case SessionChange.CallChanged call -> call.event() instanceof CallEvent.Ended;
            case SessionChange.MessageChanged messageChange -> true;
            case SessionChange.HistoryChanged historyChange -> true;
            default -> false;
        };
        if (!concerned || display.isDisposed()) {
            return;
        }
        try {
            display.asyncExec(() -> {
                if (!root.isDisposed()) {
                    display.timerExec(SETTLE_MS, () -> {
                        if (!root.isDisposed()) {
                            pacer.request();
                        }
                    });
                }
            });
        } catch (SWTException displayGone) {
            // the display closed between the check and the call: there is nothing left to update
        }
    }

    private void reload() {
        if (root.isDisposed()) {
            return;
        }
        int current = ++generation;
        Optional<History> history = session.history();
        if (history.isEmpty()) {
            table.removeAll();
            status.setText("History is not available");
            enableButtons();
            return;
        }
        String query = search.getText().strip();
        try {
            loader.execute(() -> {
                Loaded loaded = load(history.get(), query);
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (!root.isDisposed() && current == generation) {
                            show(loaded, query);
                        }
                    });
                }
            });
        } catch (RejectedExecutionException stopped) {
            // the view is being disposed
        }
    }

    /** The outcome of one load: the entries, or why there are none to show. */
    private record Loaded(List<HistoryEntry> entries, String problem) {
    }

    private static Loaded load(History history, String query) {
        try {
            return new Loaded(query.isEmpty() ? HistoryQuery.recent(history) : HistoryQuery.search(history, query),
                    null);
        } catch (IllegalArgumentException badQuery) {
            return new Loaded(null, badQuery.getMessage());
        } catch (RuntimeException e) {
            return new Loaded(null, "The history cannot be read: " + e.getMessage());
        }
    }

    private void show(Loaded loaded, String query) {
        if (loaded.problem() != null) {
            status.setText(loaded.problem());
            return;
        }
        Optional<HistoryEntry> wasSelected = selected();
        table.setRedraw(false);
        try {
            table.removeAll();
            ZoneId zone = ZoneId.systemDefault();
            LocalDate today = LocalDate.now(zone);
            for (HistoryEntry entry : loaded.entries()) {
                TableItem item = new TableItem(table, SWT.NONE);
                item.setText(new String[] { HistoryText.when(entry.at(), zone, today), entry.account().value(),
                        entry.peer().uri(), HistoryText.what(entry) });
                item.setData(entry);
                if (wasSelected.filter(entry::equals).isPresent()) {
                    table.setSelection(item);
                }
            }
        } finally {
            table.setRedraw(true);
        }
        int count = loaded.entries().size();
        status.setText(!query.isEmpty() && count == 0 ? "No messages match."
                : query.isEmpty() && count == 0 ? "No calls or messages yet."
                : "");
        enableButtons();
    }

    private Optional<HistoryEntry> selected() {
        TableItem[] selection = table.getSelection();
        return selection.length == 1 && selection[0].getData() instanceof HistoryEntry entry
                ? Optional.of(entry)
                : Optional.empty();
    }

    private void enableButtons() {
        Optional<HistoryEntry> entry = selected();
        callBack.setEnabled(entry.isPresent());
        message.setEnabled(entry.isPresent());
    }

    private void stop() {
        try {
            watching.close();
        } catch (Exception e) {
            // closing a session watch does not fail
        }
        loader.shutdown();
    }

    private void column(String title, int width) {
        TableColumn column = new TableColumn(table, SWT.LEFT);
        column.setText(title);
        column.setWidth(width);
    }

    private void stretchLastColumn() {
        TableColumn[] columns = table.getColumns();
        int others = 0;
        for (int i = 0; i < columns.length - 1; i++) {
            others += columns[i].getWidth();
        }
        columns[columns.length - 1].setWidth(Math.max(160, table.getClientArea().width - others));
    }

    private static Button button(Composite parent, String text, String id) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        Ids.set(button, id);
        button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return button;
    }
}
