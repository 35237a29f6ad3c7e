package org.parley.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.parley.core.plugins.TrustQuestion;

/**
 * The window's answer to the plugin manager's {@link TrustQuestion}: a dialog over the main window that
 * names what has no trusted signature and offers to install it once, to trust its signer from now on
 * (when it is signed), or not to install it. Registered while the window is open.
 */
final class TrustPrompt implements TrustQuestion {

    /** The dialog's title, which tests look for. */
    static final String TITLE = "Install without a trusted signature?";

    private final Display display;
    private final WindowActions actions;

    private TrustPrompt(Display display, WindowActions actions) {
        this.display = display;
        this.actions = actions;
    }

    /** Registers the prompt until the returned handle is closed. */
    static AutoCloseable register(BundleContext context, Display display, WindowActions actions) {
        ServiceRegistration<TrustQuestion> registration = context.registerService(TrustQuestion.class,
                new TrustPrompt(display, actions), null);
        return registration::unregister;
    }

    @Override
    public Answer ask(Content content) {
        List<String> lines = new ArrayList<>();
        if (!content.untrustedSigners().isEmpty()) {
            lines.add("Signed by a certificate you do not trust yet:\n  " + String.join("\n  ", content.untrustedSigners()));
        }
        if (!content.unsigned().isEmpty()) {
            lines.add("Not signed at all:\n  " + String.join("\n  ", content.unsigned()));
        }
        String text = "A plugin is about to be installed that is not signed by anyone you or your administrator "
                + "trusts.\n\n" + String.join("\n\n", lines) + "\n\nInstall it only if you trust where it comes from.";
        boolean canTrustSigner = content.unsigned().isEmpty() && !content.untrustedSigners().isEmpty();
        List<Answer> answers = canTrustSigner ? List.of(Answer.INSTALL_ONCE, Answer.TRUST_SIGNERS, Answer.REFUSE)
                : List.of(Answer.INSTALL_ONCE, Answer.REFUSE);
        String[] labels = answers.stream().map(TrustPrompt::label).toArray(String[]::new);
        AtomicReference<Answer> answer = new AtomicReference<>(Answer.REFUSE);
        if (display.isDisposed()) {
            return Answer.REFUSE;
        }
        display.syncExec(() -> {
            StartupReport.step("trust-asked");
            MessageDialog dialog = new MessageDialog(actions.shell(), TITLE, null, text, MessageDialog.WARNING,
                    answers.indexOf(Answer.REFUSE), labels);
            int chosen = dialog.open();
            answer.set(chosen >= 0 && chosen < answers.size() ? answers.get(chosen) : Answer.REFUSE);
        });
        return answer.get();
    }

    private static String label(Answer answer) {
        return switch (answer) {
            case INSTALL_ONCE -> "Install";
            case TRUST_SIGNERS -> "Always trust this signer";
            case REFUSE -> "Don't install";
        };
    }
}
