package org.parley.ui.internal.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Composite;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.ui.internal.Ids;
import org.parley.ui.internal.Words;

/**
 * A conversation's messages, oldest first, in a read-only text: who wrote what when, each own
 * message's delivery (sending, delivered, or failed with a "Resend" link), and web links that
 * open in the browser.
 */
final class Transcript {

    private static final Pattern LINK = Pattern.compile("\\b(?:https?://|www\\.)[^\\s<>\"]+[^\\s<>\".,;:!?)\\]]");

    /** A clickable stretch of the text. */
    private record Clickable(int start, int end, Runnable action) {
    }

    private final StyledText text;
    private final String peerName;
    private final Consumer<MessageId> resend;
    private final List<ChatLine> lines = new ArrayList<>();
    private final List<Clickable> clickables = new ArrayList<>();

    Transcript(Composite parent, String peerName, Consumer<MessageId> resend) {
        this.peerName = peerName;
        this.resend = resend;
        text = Ids.set(new StyledText(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP | SWT.READ_ONLY),
                "chat.transcript");
        text.setMargins(6, 6, 6, 6);
        text.addListener(SWT.MouseUp, event -> {
            if (event.button != 1 || text.getSelectionCount() > 0) {
                return;
            }
            int offset = text.getOffsetAtPoint(new Point(event.x, event.y));
            clickables.stream().filter(c -> offset >= c.start() && offset < c.end()).findFirst()
                    .ifPresent(c -> c.action().run());
        });
    }

    StyledText control() {
        return text;
    }

    /** Adds a line, or replaces the one with the same message id (the same message seen twice). */
    void add(ChatLine line) {
        lines.removeIf(old -> old.id().equals(line.id()));
        lines.add(line);
        render();
    }

    void addAll(List<ChatLine> loaded) {
        for (ChatLine line : loaded) {
            lines.removeIf(old -> old.id().equals(line.id()));
            lines.add(line);
        }
        render();
    }

    void delivery(MessageId id, DeliveryState state) {
        lines.replaceAll(line -> line.id().equals(id) ? line.withDelivery(state) : line);
        render();
    }

    private void render() {
        StringBuilder all = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        clickables.clear();
        for (ChatLine line : lines) {
            all.append(Words.time(line.at())).append("  ");
            String who = line.outgoing() ? "Me" : peerName;
            styles.add(bold(all.length(), who.length(), line.outgoing()));
            all.append(who).append(": ");
            int body = all.length();
            all.append(line.text());
            Matcher links = LINK.matcher(line.text());
            while (links.find()) {
                String url = links.group().startsWith("www.") ? "https://" + links.group() : links.group();
                styles.add(link(body + links.start(), links.end() - links.start()));
                clickables.add(new Clickable(body + links.start(), body + links.end(), () -> Program.launch(url)));
            }
            if (line.outgoing()) {
                all.append("  ");
                switch (line.delivery()) {
                    case DeliveryState.Sending s -> greyed(all, styles, "sending…");
                    case DeliveryState.Delivered d -> greyed(all, styles, "✓ delivered");
                    case DeliveryState.Failed failed -> {
                        StyleRange error = new StyleRange(all.length(), 0, text.getDisplay().getSystemColor(SWT.COLOR_DARK_RED), null);
                        String words = "✗ not delivered (" + failed.reason() + ") ";
                        error.length = words.length();
                        styles.add(error);
                        all.append(words);
                        int resendAt = all.length();
                        all.append("Resend");
                        styles.add(link(resendAt, "Resend".length()));
                        MessageId id = line.id();
                        clickables.add(new Clickable(resendAt, resendAt + "Resend".length(), () -> resend.accept(id)));
                    }
                }
            }
            all.append('\n');
        }
        text.setText(all.toString());
        text.setStyleRanges(styles.toArray(StyleRange[]::new));
        text.setTopIndex(Math.max(0, text.getLineCount() - 1));
    }

    private StyleRange bold(int start, int length, boolean own) {
        StyleRange range = new StyleRange(start, length,
                text.getDisplay().getSystemColor(own ? SWT.COLOR_DARK_GREEN : SWT.COLOR_DARK_BLUE), null);
        range.fontStyle = SWT.BOLD;
        return range;
    }

    private StyleRange link(int start, int length) {
        StyleRange range = new StyleRange(start, length, text.getDisplay().getSystemColor(SWT.COLOR_LINK_FOREGROUND), null);
        range.underline = true;
        range.underlineStyle = SWT.UNDERLINE_LINK;
        return range;
    }

    private void greyed(StringBuilder all, List<StyleRange> styles, String words) {
        styles.add(new StyleRange(all.length(), words.length(), text.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY), null));
        all.append(words);
    }
}
