package org.parley.console.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.history.Conversation;
import org.parley.core.history.History;
import org.parley.core.history.HistoryEntry;
import org.parley.core.history.HistoryEntry.CallRecord;
import org.parley.core.history.HistoryEntry.MessageRecord;
import org.parley.core.messaging.DeliveryState;

/**
 * Console commands over the {@link History}: list the conversations, show one, search messages,
 * delete a conversation, export to a Markdown file. They fail with a clear message while no
 * History service is registered (its bundle stopped, or its database unusable).
 */
@Component(service = HistoryCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=history" })
public final class HistoryCommands {

    private static final int DEFAULT_LIMIT = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private volatile History history;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setHistory(History history) {
        this.history = history;
    }

    void unsetHistory(History history) {
        if (this.history == history) {
            this.history = null;
        }
    }

    @Descriptor("lists the conversations, most recent first")
    public String history() {
        List<List<String>> rows = new ArrayList<>();
        for (Conversation conversation : service().conversations(DEFAULT_LIMIT)) {
            rows.add(List.of(conversation.account().value(), conversation.peer().uri()));
        }
        return Table.render(List.of("ACCOUNT", "PEER"), rows, "no conversations");
    }

    @Descriptor("history show <account> <peer> [limit] | history search <query> [limit]"
            + " | history delete <account> <peer> | history export <file> [<account> <peer>]")
    public String history(String action, String... args) throws IOException {
        return switch (action) {
            case "show" -> show(args);
            case "search" -> search(args);
            case "delete" -> delete(args);
            case "export" -> export(args);
            default -> throw new IllegalArgumentException(
                    "unknown action '" + action + "': use show, search, delete or export");
        };
    }

    private String show(String... args) {
        require(args, 2, 3, "history show <account> <peer> [limit]");
        List<HistoryEntry> entries = service().conversation(new AccountId(args[0]), Address.parse(args[1], "sip"),
                limit(args, 2));
        return Table.render(List.of("TIME", "WHAT", "DETAIL"), entries.stream().map(HistoryCommands::row).toList(),
                "no calls or messages with " + args[1] + " on " + args[0]);
    }

    private String search(String... args) {
        require(args, 1, 2, "history search <query> [limit]  (quote a query of several words)");
        List<HistoryEntry> entries = service().search(args[0], limit(args, 1));
        List<List<String>> rows = entries.stream().map(entry -> {
            List<String> row = new ArrayList<>(List.of(entry.account().value(), entry.peer().uri()));
            row.addAll(row(entry));
            return (List<String>) row;
        }).toList();
        return Table.render(List.of("ACCOUNT", "PEER", "TIME", "WHAT", "DETAIL"), rows, "no messages match " + args[0]);
    }

    private String delete(String... args) {
        require(args, 2, 2, "history delete <account> <peer>");
        service().deleteConversation(new AccountId(args[0]), Address.parse(args[1], "sip"));
        return "deleted the conversation with " + args[1] + " on " + args[0];
    }

    private String export(String... args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            throw new IllegalArgumentException("usage: history export <file> [<account> <peer>]");
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        int count = args.length == 1 ? service().exportAll(file)
                : service().export(new Conversation(new AccountId(args[1]), Address.parse(args[2], "sip")), file);
        return "exported " + count + (count == 1 ? " entry" : " entries") + " to " + file;
    }

    private static List<String> row(HistoryEntry entry) {
        String time = TIME.format(entry.at());
        return switch (entry) {
            case MessageRecord message -> List.of(time,
                    (message.outgoing() ? "sent" : "received") + delivery(message),
                    message.text().replace('\n', ' '));
            case CallRecord call -> List.of(time, call.direction().name().toLowerCase(Locale.ROOT) + " call",
                    call.outcome().name().toLowerCase(Locale.ROOT) + duration(call.duration()));
        };
    }

    private static String delivery(MessageRecord message) {
        if (!message.outgoing()) {
            return "";
        }
        return switch (message.delivery()) {
            case DeliveryState.Sending sending -> " (sending)";
            case DeliveryState.Delivered delivered -> "";
            case DeliveryState.Failed failed -> " (failed: " + failed.reason() + ")";
        };
    }

    private static String duration(Duration duration) {
        return duration.isZero() ? "" : String.format(Locale.ROOT, " %d:%02d:%02d", duration.toHours(),
                duration.toMinutesPart(), duration.toSecondsPart());
    }

    private History service() {
        History current = history;
        if (current == null) {
            throw new IllegalStateException("no history: the history bundle (org.parley.history) is not running"
                    + " or its database cannot be used (see the log)");
        }
        return current;
    }

    private static int limit(String[] args, int index) {
        if (args.length <= index) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(args[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the limit is a number, not " + args[index]);
        }
    }

    private static void require(String[] args, int min, int max, String usage) {
        if (args.length < min || args.length > max) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
