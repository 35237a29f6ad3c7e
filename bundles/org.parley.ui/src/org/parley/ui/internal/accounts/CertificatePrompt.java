package org.parley.ui.internal.accounts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.parley.core.account.Account;
import org.parley.core.account.ServerCertificate;
import org.parley.ui.internal.Ids;

/**
 * Shows a server certificate that no trusted authority vouches for and asks whether to trust it
 * (pin it) from now on. "Don't trust" is the default button.
 */
public final class CertificatePrompt extends Dialog {

    private static final int TRUST_ID = IDialogConstants.CLIENT_ID + 1;
    private static final int REJECT_ID = IDialogConstants.CLIENT_ID + 2;
    private static final int TRUST_THIS_TIME_ID = IDialogConstants.CLIENT_ID + 3;
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withZone(ZoneId.systemDefault());

    /** What the user decided about a certificate. */
    public enum Decision {
        /** Trusted from now on: the account stores it. */
        TRUST_ALWAYS,
        /** Trusted until the account stops; asked again after that. */
        TRUST_THIS_TIME,
        /** Not trusted (also when the dialog is closed). */
        REJECT;

        /** Tells {@code account} to trust {@code certificate} as decided; nothing when rejected. */
        public void applyTo(Account account, ServerCertificate certificate) {
            switch (this) {
                case TRUST_ALWAYS -> account.trustCertificate(certificate);
                case TRUST_THIS_TIME -> account.trustCertificateThisTime(certificate);
                case REJECT -> {
                }
            }
        }
    }

    private final String accountId;
    private final ServerCertificate certificate;
    private Decision decision = Decision.REJECT;

    private CertificatePrompt(Shell parent, String accountId, ServerCertificate certificate) {
        super(parent);
        this.accountId = accountId;
        this.certificate = certificate;
    }

    /**
     * Asks the user whether the certificate {@code accountId}'s server presented is to be trusted;
     * blocks (in a nested event loop) until they answer. Call on the UI thread.
     *
     * @return what the user decided; closing the dialog means {@link Decision#REJECT}
     */
    public static Decision ask(Shell parent, String accountId, ServerCertificate certificate) {
        CertificatePrompt prompt = new CertificatePrompt(parent, accountId, certificate);
        prompt.open();
        return prompt.decision;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Untrusted certificate");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = convertHorizontalDLUsToPixels(IDialogConstants.HORIZONTAL_MARGIN);
        layout.marginHeight = convertVerticalDLUsToPixels(IDialogConstants.VERTICAL_MARGIN);
        layout.horizontalSpacing = convertHorizontalDLUsToPixels(IDialogConstants.HORIZONTAL_SPACING);
        area.setLayout(layout);
        int width = convertWidthInCharsToPixels(64);

        Label icon = new Label(area, SWT.NONE);
        icon.setImage(area.getDisplay().getSystemImage(SWT.ICON_WARNING));
        icon.setLayoutData(new GridData(SWT.CENTER, SWT.BEGINNING, false, false, 1, 2));
        Label heading = new Label(area, SWT.WRAP);
        heading.setText("The server of account " + accountId + " presented a certificate that Parley cannot check.");
        heading.setFont(derived(heading, null, SWT.BOLD));
        heading.setLayoutData(wrapping(width));
        Label warning = new Label(area, SWT.WRAP);
        warning.setText(warning());
        warning.setLayoutData(wrapping(width));

        new Label(area, SWT.NONE);
        Composite details = new Composite(area, SWT.NONE);
        GridLayout detailsLayout = new GridLayout(2, false);
        detailsLayout.marginWidth = 0;
        detailsLayout.marginTop = convertVerticalDLUsToPixels(IDialogConstants.VERTICAL_SPACING);
        details.setLayout(detailsLayout);
        details.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        row(details, "Issued to:", certificate.subject(), width);
        row(details, "Issued by:", certificate.issuer(), width);
        row(details, "Valid for:", certificate.names().isBlank() ? "(no names)" : certificate.names(), width);
        row(details, "Valid from:", DATE.format(certificate.notBefore()), width);
        row(details, "Valid until:", DATE.format(certificate.notAfter()), width);

        label(details, "SHA-256 fingerprint:");
        Text fingerprint = Ids.set(new Text(details, SWT.READ_ONLY | SWT.MULTI | SWT.BORDER),
                "certificate.fingerprint");
        fingerprint.setText(inLines(certificate.fingerprint()));
        fingerprint.setFont(derived(fingerprint, "Monospace", SWT.NORMAL));
        fingerprint.setLayoutData(fitting(fingerprint));

        new Label(area, SWT.NONE);
        Label advice = new Label(area, SWT.WRAP);
        advice.setText("Trust it only if the fingerprint is the one your provider or administrator gave you."
                + " Parley then accepts this certificate for this account, and refuses any other the server"
                + " presents later.");
        GridData adviceData = new GridData(SWT.FILL, SWT.BEGINNING, true, false);
        adviceData.widthHint = width;
        advice.setLayoutData(adviceData);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        Button trust = createButton(parent, TRUST_ID, "Trust always", false);
        Ids.set(trust, "certificate.trust");
        Button thisTime = createButton(parent, TRUST_THIS_TIME_ID, "Trust this time", false);
        Ids.set(thisTime, "certificate.trustThisTime");
        Button reject = createButton(parent, REJECT_ID, "Don't trust", true);
        Ids.set(reject, "certificate.reject");
        reject.setFocus();
    }

    @Override
    protected void buttonPressed(int buttonId) {
        decision = switch (buttonId) {
            case TRUST_ID -> Decision.TRUST_ALWAYS;
            case TRUST_THIS_TIME_ID -> Decision.TRUST_THIS_TIME;
            default -> Decision.REJECT;
        };
        setReturnCode(decision == Decision.REJECT ? CANCEL : OK);
        close();
    }

    /** Why the certificate is not trusted, as far as it shows. */
    private String warning() {
        Instant now = Instant.now();
        StringBuilder text = new StringBuilder(certificate.selfSigned()
                ? "The certificate is self-signed: anybody can make one like it, so it does not prove who the"
                        + " server is."
                : "No authority you trust vouches for it, or it was made for another host.");
        if (now.isAfter(certificate.notAfter())) {
            text.append(" It expired on ").append(DATE.format(certificate.notAfter())).append('.');
        } else if (now.isBefore(certificate.notBefore())) {
            text.append(" It is not valid before ").append(DATE.format(certificate.notBefore())).append('.');
        }
        return text.toString();
    }

    /** The fingerprint's 32 hex pairs in two lines of 16, which the eye can compare. */
    private static String inLines(String fingerprint) {
        String[] pairs = fingerprint.split(":");
        if (pairs.length <= 16) {
            return fingerprint;
        }
        int half = (pairs.length + 1) / 2;
        return String.join(":", Arrays.copyOfRange(pairs, 0, half)) + ":\n"
                + String.join(":", Arrays.copyOfRange(pairs, half, pairs.length));
    }

    /** Room for all of {@code text}'s lines in its font (GTK measures a changed font's text short). */
    private static GridData fitting(Text text) {
        GC gc = new GC(text);
        try {
            gc.setFont(text.getFont());
            Point extent = gc.textExtent(text.getText(), SWT.DRAW_DELIMITER);
            Rectangle trim = text.computeTrim(0, 0, extent.x, extent.y);
            GridData data = new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false);
            data.widthHint = trim.width + gc.getFontMetrics().getHeight() / 2;
            data.heightHint = trim.height;
            return data;
        } finally {
            gc.dispose();
        }
    }

    private static void row(Composite parent, String name, String value, int width) {
        label(parent, name);
        Text text = new Text(parent, SWT.READ_ONLY | SWT.WRAP);
        text.setText(value);
        text.setBackground(parent.getBackground());
        GridData data = new GridData(SWT.FILL, SWT.BEGINNING, true, false);
        data.widthHint = width;
        text.setLayoutData(data);
    }

    private static void label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.END, SWT.BEGINNING, false, false));
    }

    /** {@code control}'s font in another face and style, disposed with the control. */
    private static Font derived(Control control, String face, int style) {
        FontData[] data = control.getFont().getFontData();
        for (FontData one : data) {
            if (face != null) {
                one.setName(face);
            }
            one.setStyle(style);
        }
        Font font = new Font(control.getDisplay(), data);
        control.addDisposeListener(event -> font.dispose());
        return font;
    }

    private static GridData wrapping(int width) {
        GridData data = new GridData(SWT.FILL, SWT.BEGINNING, true, false);
        data.widthHint = width;
        return data;
    }
}
