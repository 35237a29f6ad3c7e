package org.parley.ui.internal.accounts;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.parley.core.account.Account;
import org.parley.core.account.AccountId;
import org.parley.core.account.ProtocolProvider;
import org.parley.core.account.RegistrationState;
import org.parley.core.account.ServerCertificate;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;
import org.parley.ui.internal.accounts.StatusLine.Tone;
import org.parley.ui.internal.accounts.RegistrationProbe.Outcome;
import org.parley.ui.internal.session.DesktopSession;

/**
 * Adds an account or edits one. A new account's network (SIP, XMPP …) is chosen at the top when
 * more than one protocol provider is present; the {@link AccountForm} of that protocol shows its
 * fields. "Test" writes the settings (creating a new account) and waits
 * for the account to register, showing the outcome and offering to trust a certificate the
 * server presented; "Save" writes them and closes; "Cancel" takes back what a test wrote (a new
 * account is removed again, an edited one gets its old settings and password back).
 *
 * <p>Configuration and credential calls, and the wait, run on the dialog's own background
 * thread, one after the other; their results come back to the UI thread.
 */
public final class AccountDialog extends Dialog {

    private static final int TEST_ID = IDialogConstants.CLIENT_ID + 1;
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);
    private static final System.Logger LOG = System.getLogger(AccountDialog.class.getName());
    /** The protocols the dialog has a form for; accounts of others are set up from the console. */
    private static final Set<String> FORMS = Set.of(AccountValues.PROTOCOL, XmppAccountValues.PROTOCOL);

    private final DesktopSession session;
    private final AccountSettings settings;
    private final RegistrationProbe probe;
    private final Optional<AccountId> editing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "parley-account-dialog");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;
    private Display display;

    // only on the worker thread: what to take back when the user cancels
    private AccountId created;
    private AccountSettings.Snapshot before;

    // only on the UI thread
    private String protocol;
    private Composite formHolder;
    private AccountForm fields;
    private Label intro;
    private StatusLine status;
    /** The network choice of a new account; absent while only one protocol can be chosen. */
    private Optional<Combo> protocolChoice = Optional.empty();
    /** Whether some of the edited account's settings are locked by provisioning. */
    private boolean lockedByAdministrator;
    private Set<String> idsTaken = Set.of();
    private boolean loaded;
    private boolean busy;
    private boolean saving;
    private boolean committed;
    private Optional<AccountId> result = Optional.empty();

    private AccountDialog(Shell parent, DesktopSession session, Optional<AccountId> editing) {
        super(parent);
        this.session = session;
        this.settings = new AccountSettings(session);
        this.probe = new RegistrationProbe(session);
        this.editing = editing;
        this.protocol = editing.flatMap(session::account).map(Account::protocol).orElse(AccountValues.PROTOCOL);
    }

    /**
     * Asks for a new account and creates it. Call on the UI thread; returns when the dialog
     * closes.
     *
     * @return the new account's id, or empty if the user cancelled
     */
    public static Optional<AccountId> create(Shell parent, DesktopSession session) {
        AccountDialog dialog = new AccountDialog(parent, session, Optional.empty());
        dialog.open();
        return dialog.result;
    }

    /** Edits the settings of {@code account}. Call on the UI thread; returns when the dialog closes. */
    public static void edit(Shell parent, DesktopSession session, AccountId account) {
        new AccountDialog(parent, session, Optional.of(account)).open();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(editing.map(id -> "Edit account " + id).orElse("Add account"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayout layout = (GridLayout) area.getLayout();
        layout.verticalSpacing = convertVerticalDLUsToPixels(IDialogConstants.VERTICAL_SPACING);
        List<ProtocolProvider> providers = choosableProviders();
        if (editing.isEmpty() && providers.size() == 1) {
            protocol = providers.get(0).protocol();
        } else if (editing.isEmpty() && providers.size() > 1) {
            Composite row = new Composite(area, SWT.NONE);
            row.setLayout(new GridLayout(2, false));
            ((GridLayout) row.getLayout()).marginWidth = 0;
            new Label(row, SWT.NONE).setText("Network:");
            Combo choice = Ids.set(new Combo(row, SWT.READ_ONLY), "account.protocol");
            providers.forEach(provider -> choice.add(provider.displayName()));
            choice.select(0);
            choice.addListener(SWT.Selection, event -> switchTo(providers.get(choice.getSelectionIndex()).protocol()));
            protocol = providers.get(0).protocol();
            protocolChoice = Optional.of(choice);
        }
        intro = new Label(area, SWT.WRAP);
        intro.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false));
        formHolder = new Composite(area, SWT.NONE);
        GridLayout holderLayout = new GridLayout(1, false);
        holderLayout.marginWidth = 0;
        holderLayout.marginHeight = 0;
        holderLayout.verticalSpacing = layout.verticalSpacing;
        formHolder.setLayout(holderLayout);
        formHolder.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, false));
        buildForm();
        status = new StatusLine(area, convertWidthInCharsToPixels(60));
        return area;
    }

    /** The protocols a new account can be for: one per running provider the dialog has a form for, SIP first. */
    private List<ProtocolProvider> choosableProviders() {
        List<ProtocolProvider> providers = new ArrayList<>(session.providers().values());
        providers.removeIf(provider -> !FORMS.contains(provider.protocol()));
        providers.sort(Comparator.comparing((ProtocolProvider provider) -> !provider.protocol().equals(AccountValues.PROTOCOL))
                .thenComparing(ProtocolProvider::displayName));
        return providers;
    }

    /** Makes the form of {@link #protocol} in place of the one shown. */
    private void buildForm() {
        for (Control old : formHolder.getChildren()) {
            old.dispose();
        }
        fields = protocol.equals(XmppAccountValues.PROTOCOL)
                ? new XmppAccountFields(formHolder, editing.isPresent(), this::changed, this::fitToContent)
                : new AccountFields(formHolder, editing.isPresent(), this::changed, this::fitToContent);
        intro.setText(fields.intro(editing.isPresent()));
    }

    /** The user chose another network for the new account: its form replaces the shown one. */
    private void switchTo(String chosen) {
        if (chosen.equals(protocol)) {
            return;
        }
        protocol = chosen;
        // an account a test created under the other protocol goes; the worker runs this before any later test
        worker.execute(this::takeBack);
        buildForm();
        fields.setIdsTaken(idsTaken);
        fields.setEnabled(loaded && !busy);
        fitToContent();
        if (loaded) {
            fields.focus();
            changed();
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Ids.set(createButton(parent, TEST_ID, "Test", false), "account.test");
        // a spacer that keeps Test at the left, apart from Cancel and Save
        ((GridLayout) parent.getLayout()).numColumns++;
        new Label(parent, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Ids.set(createButton(parent, IDialogConstants.OK_ID, "Save", true), "account.save");
        Ids.set(createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false),
                "account.cancel");
    }

    @Override
    protected Control createButtonBar(Composite parent) {
        Control bar = super.createButtonBar(parent);
        GridData data = (GridData) bar.getLayoutData();
        data.horizontalAlignment = SWT.FILL;
        data.grabExcessHorizontalSpace = true;
        return bar;
    }

    @Override
    public void create() {
        super.create();
        display = getShell().getDisplay();
        fields.setEnabled(false);
        status.show(editing.isPresent() ? "Loading the account's settings…" : "", Tone.BUSY);
        updateButtons();
        worker.execute(this::load);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == TEST_ID) {
            test();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    @Override
    protected void okPressed() {
        if (ready()) {
            save();
        }
    }

    @Override
    protected void cancelPressed() {
        if (!saving) {
            super.cancelPressed();
        }
    }

    @Override
    protected void handleShellCloseEvent() {
        if (!saving) {
            super.handleShellCloseEvent();
        }
    }

    @Override
    public boolean close() {
        if (!worker.isShutdown()) {
            if (!committed) {
                closing = true;
                worker.execute(this::takeBack);
            }
            worker.shutdown();
        }
        return super.close();
    }

    // --- loading

    /** Worker: the other accounts' ids and, when editing, the account's protocol and settings. */
    private void load() {
        try {
            Set<String> ids = new HashSet<>(settings.accountIds());
            editing.ifPresent(id -> ids.remove(id.value()));
            Optional<Dictionary<String, Object>> values = editing.flatMap(settings::load);
            Optional<String> stored = editing.flatMap(settings::protocol);
            Set<String> locked = editing.map(settings::lockedKeys).orElse(Set.of());
            onUi(() -> loaded(ids, stored, values, locked));
        } catch (IllegalStateException e) {
            onUi(() -> {
                if (editing.isPresent()) {
                    status.show(e.getMessage(), Tone.ERROR);
                } else {
                    // the ids of the running accounts still keep a new id apart from theirs
                    loaded(session.accounts().stream().map(account -> account.id().value())
                            .collect(Collectors.toSet()), Optional.empty(), Optional.empty(), Set.of());
                }
            });
        }
    }

    private void loaded(Set<String> ids, Optional<String> storedProtocol, Optional<Dictionary<String, Object>> values,
            Set<String> locked) {
        if (editing.isPresent() && values.isEmpty()) {
            status.show("Account " + editing.get() + " has no settings any more.", Tone.ERROR);
            return;
        }
        if (storedProtocol.isPresent() && !FORMS.contains(storedProtocol.get())) {
            status.show("Parley's window cannot edit " + storedProtocol.get() + " accounts; use the console "
                    + "(parley:account set).", Tone.ERROR);
            return;
        }
        if (storedProtocol.isPresent() && !storedProtocol.get().equals(protocol)) {
            protocol = storedProtocol.get();
            buildForm();
            fitToContent();
        }
        idsTaken = Set.copyOf(ids);
        values.ifPresent(fields::fill);
        fields.setIdsTaken(idsTaken);
        lockedByAdministrator = fields.lock(locked);
        loaded = true;
        fields.setEnabled(true);
        fields.focus();
        changed();
    }

    // --- validation

    /** A field changed: the status shows its first problem (a test's outcome no longer applies). */
    private void changed() {
        Optional<String> problem = fields.values().problem(idsTaken);
        if (problem.isPresent()) {
            status.show(problem.get(), fields.addressEmpty() && editing.isEmpty() ? Tone.HINT : Tone.ERROR);
        } else {
            status.show(lockedByAdministrator ? Words.LOCKED_SETTINGS : "", Tone.HINT);
        }
        updateButtons();
    }

    private void updateButtons() {
        boolean valid = ready();
        Button save = getButton(IDialogConstants.OK_ID);
        Button test = getButton(TEST_ID);
        if (save == null || test == null) {
            return;
        }
        save.setEnabled(valid);
        test.setEnabled(valid && fields.registers());
        test.setToolTipText(fields.registers() ? "Register with these settings now, before saving them"
                : "This account does not register with a server, so there is nothing to test");
        getButton(IDialogConstants.CANCEL_ID).setEnabled(!saving);
    }

    /** Whether the settings can be tested or saved now. */
    private boolean ready() {
        return loaded && !busy && fields.values().problem(idsTaken).isEmpty();
    }

    private void setBusy(boolean on, String message) {
        busy = on;
        fields.setEnabled(!on);
        protocolChoice.ifPresent(choice -> choice.setEnabled(!on && !saving));
        if (message != null) {
            status.show(message, Tone.BUSY);
        }
        updateButtons();
    }

    private void finish(String message, Tone tone) {
        setBusy(false, null);
        status.show(message, tone);
    }

    // --- test

    private void test() {
        if (!ready()) {
            return;
        }
        AccountDraft values = fields.values();
        if (!settings.providerPresent(values.protocol())) {
            String name = values.protocol().toUpperCase(Locale.ROOT);
            status.show("No " + name + " provider is present: Parley cannot connect " + name + " accounts now.",
                    Tone.ERROR);
            return;
        }
        AccountId id = new AccountId(values.accountId());
        char[] password = fields.typedPassword();
        setBusy(true, fields.testing());
        worker.execute(() -> runTest(id, values, password));
    }

    /** Worker: writes the settings, makes the account register and waits for the outcome. */
    private void runTest(AccountId id, AccountDraft values, char[] password) {
        try {
            Optional<Account> running = session.account(id);
            RegistrationState stateBefore = running.map(Account::registrationState).orElse(null);
            AccountSettings.Written written = write(values, password, true);
            onUi(fields::passwordStored);
            if (written.changed() || running.isEmpty()) {
                // a changed configuration restarts the account (a new service), which registers by itself
                awaitOutcome(id, running.orElse(null), null);
            } else {
                running.get().register();
                awaitOutcome(id, null, stateBefore);
            }
        } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            onUi(() -> finish(e.getMessage(), Tone.ERROR));
        }
    }

    /** Worker: waits for the account to register or fail, then shows how it went. */
    private void awaitOutcome(AccountId id, Account replaced, RegistrationState seenBefore) {
        try {
            Outcome outcome = probe.await(id, replaced, seenBefore, TEST_TIMEOUT, () -> closing);
            onUi(() -> show(id, outcome));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(AccountId id, Outcome outcome) {
        switch (outcome) {
            case Outcome.Cancelled cancelled -> {
            }
            case Outcome.TimedOut timedOut -> finish(
                    RegistrationWords.timedOut(timedOut.waited().toSeconds(), timedOut.last()), Tone.ERROR);
            case Outcome.Ended ended when ended.state() instanceof RegistrationState.Failed failed
                    && failed.reason() == RegistrationState.FailureReason.CERTIFICATE_NOT_TRUSTED
                    && failed.certificate().isPresent() -> askTrust(id, ended.account(), failed);
            case Outcome.Ended ended -> finish(RegistrationWords.outcome(ended.state(), ZoneId.systemDefault(), protocol),
                    ended.state() instanceof RegistrationState.Registered ? Tone.SUCCESS : Tone.ERROR);
        }
    }

    private void askTrust(AccountId id, Account account, RegistrationState.Failed failed) {
        ServerCertificate certificate = failed.certificate().orElseThrow();
        status.show(RegistrationWords.outcome(failed, ZoneId.systemDefault(), protocol), Tone.ERROR);
        CertificatePrompt.Decision decision = CertificatePrompt.ask(getShell(), id.value(), certificate);
        if (decision == CertificatePrompt.Decision.REJECT) {
            finish("The server's certificate is not trusted, so the account cannot register.", Tone.ERROR);
            return;
        }
        status.show("Registering again, trusting the certificate…", Tone.BUSY);
        worker.execute(() -> {
            try {
                decision.applyTo(account, certificate);
                if (decision == CertificatePrompt.Decision.TRUST_ALWAYS) {
                    // the pin goes into the configuration, which restarts the account
                    awaitOutcome(id, account, null);
                } else {
                    awaitOutcome(id, null, failed);
                }
            } catch (IllegalStateException | UnsupportedOperationException e) {
                onUi(() -> finish(e.getMessage(), Tone.ERROR));
            }
        });
    }

    // --- save and cancel

    private void save() {
        AccountDraft values = fields.values();
        AccountId id = new AccountId(values.accountId());
        char[] password = fields.typedPassword();
        saving = true;
        setBusy(true, "Saving…");
        worker.execute(() -> {
            try {
                Optional<Account> running = session.account(id);
                AccountSettings.Written written = write(values, password, false);
                if (!written.changed() && password != null) {
                    // same settings, new password: register again with it rather than at the next refresh
                    running.ifPresent(Account::register);
                }
                created = null;
                if (before != null) {
                    AccountSettings.forget(before);
                    before = null;
                }
                onUi(() -> {
                    committed = true;
                    result = Optional.of(id);
                    setReturnCode(OK);
                    close();
                });
            } catch (IllegalStateException | IllegalArgumentException e) {
                onUi(() -> {
                    saving = false;
                    finish(e.getMessage(), Tone.ERROR);
                });
            }
        });
    }

    /**
     * Worker: writes the settings (and the password, when not null). A new account whose id
     * changed since a test created it is removed under the old id first; when {@code undoable},
     * an edited account's settings are kept first for {@link #takeBack}.
     */
    private AccountSettings.Written write(AccountDraft values, char[] password, boolean undoable) {
        AccountId id = new AccountId(values.accountId());
        try {
            if (editing.isEmpty()) {
                if (created != null && !created.equals(id)) {
                    settings.delete(created);
                    created = null;
                }
                if (!id.equals(created) && settings.load(id).isPresent()) {
                    throw new IllegalStateException("Another account has the id '" + id + "': choose another one.");
                }
            } else if (undoable && before == null) {
                before = settings.snapshot(id).orElse(null);
            }
        } catch (RuntimeException e) {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            throw e;
        }
        AccountSettings.Written written = settings.save(values, password);
        if (written.created()) {
            created = id;
        }
        return written;
    }

    /** Worker: the user cancelled; removes the account a test created, or puts back the edited one's settings. */
    private void takeBack() {
        try {
            if (created != null) {
                settings.delete(created);
            }
            if (before != null) {
                settings.restore(before);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot take back the account settings a test wrote", e);
        } finally {
            created = null;
            before = null;
        }
    }

    // --- helpers

    private void fitToContent() {
        Shell shell = getShell();
        Point wanted = shell.computeSize(SWT.DEFAULT, SWT.DEFAULT, true);
        Point now = shell.getSize();
        shell.setSize(Math.max(now.x, wanted.x), wanted.y);
        shell.layout(true, true);
    }

    /** Runs {@code task} on the UI thread, unless the dialog is gone by then. */
    private void onUi(Runnable task) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                Shell shell = getShell();
                if (shell != null && !shell.isDisposed()) {
                    task.run();
                }
            });
        }
    }
}
