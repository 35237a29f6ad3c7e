package org.parley.history.tests;

import java.nio.file.Path;
import java.time.Instant;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageId;
import org.parley.history.internal.HistoryStore;

/**
 * Run in a JVM of its own by {@link CrashSafetyTest}: records messages into the history database
 * given as the first argument, as a chat would, and prints a line after each one is recorded
 * ({@code sent <id>}, {@code delivered <id>}, {@code received <id>}), which is the moment the UI
 * would show it. It stops by itself after {@code args[1]} messages unless it is killed first.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        AccountId account = new AccountId("work");
        Address peer = new Address("sip:bob@example.org");
        int count = Integer.parseInt(args[1]);
        try (HistoryStore store = HistoryStore.open(Path.of(args[0]))) {
            System.out.println("open");
            for (int i = 0; i < count; i++) {
                MessageId sent = new MessageId("out-" + i);
                store.messageSent(account, sent, peer, text(sent), Instant.now());
                System.out.println("sent " + sent);
                store.deliveryChanged(account, sent, new DeliveryState.Delivered());
                System.out.println("delivered " + sent);
                MessageId received = new MessageId("in-" + i);
                store.messageReceived(account, received, peer, text(received), Instant.now());
                System.out.println("received " + received);
            }
        }
    }

    /** The text of message {@code id}: the test checks it came through whole. */
    static String text(MessageId id) {
        return "message " + id + " ✓ with some text to fill a page " + "x".repeat(64);
    }
}
