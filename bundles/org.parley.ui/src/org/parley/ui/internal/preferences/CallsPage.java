package org.parley.ui.internal.preferences;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.parley.ui.internal.Accessibility;
import org.parley.ui.internal.Ids;

/**
 * The Calls page: per account, the audio codecs in order of preference (checked ones are used),
 * media encryption and its key exchange, video and auto-answer.
 */
final class CallsPage {

    private final AccountEdits edits;
    private final Composite page;
    private final Label note;
    private final Table codecs;
    private final Button up;
    private final Button down;
    private final WordCombo srtp;
    private final WordCombo keyExchange;
    private final WordCombo video;
    private final Button autoAnswer;

    CallsPage(Composite parent, AccountEdits edits) {
        this.edits = edits;
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        new AccountChooser(page, edits, "prefs.account");
        note = PageParts.note(page);

        Label codecsCaption = new Label(page, SWT.NONE);
        codecsCaption.setText("Audio codecs:");
        codecsCaption.setLayoutData(new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false));
        Composite codecRow = new Composite(page, SWT.NONE);
        GridLayout codecLayout = new GridLayout(2, false);
        codecLayout.marginWidth = 0;
        codecLayout.marginHeight = 0;
        codecRow.setLayout(codecLayout);
        codecRow.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        codecs = new Table(codecRow, SWT.CHECK | SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 1, 2);
        tableData.heightHint = codecs.getItemHeight() * 5;
        codecs.setLayoutData(tableData);
        Ids.set(codecs, "prefs.codecs");
        Accessibility.name(codecs, "Audio codecs, most preferred first; checked ones are used");
        up = PageParts.button(codecRow, "Up", "prefs.codecUp");
        down = PageParts.button(codecRow, "Down", "prefs.codecDown");
        up.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, false, false));
        down.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, false, false));
        new Label(page, SWT.NONE);
        Label codecsHint = new Label(page, SWT.WRAP);
        codecsHint.setText("Checked codecs are offered and accepted, the first one preferred.");

        srtp = new WordCombo(page, "Media encryption (SRTP):", "prefs.srtp", List.of(
                new WordCombo.Choice("off", "Off: plain RTP only"),
                new WordCombo.Choice("optional", "Optional: encrypt when the other side can"),
                new WordCombo.Choice("mandatory", "Mandatory: calls that cannot be encrypted fail")));
        keyExchange = new WordCombo(page, "Key exchange:", "prefs.keyExchange", List.of(
                new WordCombo.Choice("sdes", "SDES: keys in the call's SDP"),
                new WordCombo.Choice("zrtp", "ZRTP: keys agreed on the media path, with a code to compare"),
                new WordCombo.Choice("dtls", "DTLS-SRTP: keys agreed by a DTLS handshake")));
        video = new WordCombo(page, "Video:", "prefs.video", List.of(
                new WordCombo.Choice("off", "Off"),
                new WordCombo.Choice("accept", "Accept video the other side offers"),
                new WordCombo.Choice("offer", "Offer video on the calls I place")));
        autoAnswer = new Button(page, SWT.CHECK);
        autoAnswer.setText("Answer incoming calls at once");
        autoAnswer.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        Ids.set(autoAnswer, "prefs.autoAnswer");

        srtp.onChange(word -> edits.set(AccountEdits.SRTP, word));
        keyExchange.onChange(word -> edits.set(AccountEdits.KEY_EXCHANGE, word));
        video.onChange(word -> edits.set(AccountEdits.VIDEO, word));
        autoAnswer.addListener(SWT.Selection,
                event -> edits.set(AccountEdits.AUTO_ANSWER, String.valueOf(autoAnswer.getSelection())));
        codecs.addListener(SWT.Selection, event -> {
            if (event.detail == SWT.CHECK) {
                keepOneCodecUsed((TableItem) event.item);
                storeCodecs();
            }
            enableMoves();
        });
        up.addListener(SWT.Selection, event -> move(-1));
        down.addListener(SWT.Selection, event -> move(1));
        edits.onSelection(this::refresh);
        refresh();
    }

    Control control() {
        return page;
    }

    private void refresh() {
        if (page.isDisposed()) {
            return;
        }
        PageParts.sayWhyNotEditable(note, edits, AccountEdits.CODECS, AccountEdits.SRTP, AccountEdits.KEY_EXCHANGE,
                AccountEdits.VIDEO, AccountEdits.AUTO_ANSWER);
        codecs.removeAll();
        if (edits.has(AccountEdits.CODECS)) {
            for (CodecChoice choice : CodecChoice.read(edits.value(AccountEdits.CODECS), edits.knownCodecs())) {
                TableItem item = new TableItem(codecs, SWT.NONE);
                item.setText(choice.name());
                item.setChecked(choice.used());
            }
        }
        srtp.show(edits.value(AccountEdits.SRTP));
        keyExchange.show(edits.value(AccountEdits.KEY_EXCHANGE));
        video.show(edits.value(AccountEdits.VIDEO));
        autoAnswer.setSelection(Boolean.parseBoolean(edits.value(AccountEdits.AUTO_ANSWER)));
        codecs.setEnabled(edits.has(AccountEdits.CODECS) && !edits.locked(AccountEdits.CODECS));
        srtp.setEnabled(edits.has(AccountEdits.SRTP) && !edits.locked(AccountEdits.SRTP));
        keyExchange.setEnabled(edits.has(AccountEdits.KEY_EXCHANGE) && !edits.locked(AccountEdits.KEY_EXCHANGE));
        video.setEnabled(edits.has(AccountEdits.VIDEO) && !edits.locked(AccountEdits.VIDEO));
        autoAnswer.setEnabled(edits.has(AccountEdits.AUTO_ANSWER) && !edits.locked(AccountEdits.AUTO_ANSWER));
        enableMoves();
        page.layout(true, true);
    }

    /** A call needs at least one codec: unchecking the last one is undone. */
    private void keepOneCodecUsed(TableItem changed) {
        if (!changed.getChecked() && choices().stream().noneMatch(CodecChoice::used)) {
            changed.setChecked(true);
            PageParts.say(note, "At least one codec stays checked.");
        }
    }

    private void move(int step) {
        int from = codecs.getSelectionIndex();
        int to = from + step;
        if (from < 0 || to < 0 || to >= codecs.getItemCount()) {
            return;
        }
        TableItem a = codecs.getItem(from);
        TableItem b = codecs.getItem(to);
        String text = a.getText();
        boolean checked = a.getChecked();
        a.setText(b.getText());
        a.setChecked(b.getChecked());
        b.setText(text);
        b.setChecked(checked);
        codecs.setSelection(to);
        codecs.showSelection();
        storeCodecs();
        enableMoves();
    }

    private void enableMoves() {
        int index = codecs.getSelectionIndex();
        up.setEnabled(codecs.isEnabled() && index > 0);
        down.setEnabled(codecs.isEnabled() && index >= 0 && index < codecs.getItemCount() - 1);
    }

    private void storeCodecs() {
        edits.set(AccountEdits.CODECS, CodecChoice.write(choices()));
    }

    private List<CodecChoice> choices() {
        List<CodecChoice> choices = new ArrayList<>();
        for (TableItem item : codecs.getItems()) {
            choices.add(new CodecChoice(item.getText(), item.getChecked()));
        }
        return choices;
    }
}
