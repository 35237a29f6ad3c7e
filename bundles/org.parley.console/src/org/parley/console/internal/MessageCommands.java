package org.parley.console.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.messaging.MessageId;
import org.parley.core.messaging.Messaging;

/**
 * Console commands for instant messages: send one, send a failed one again, tell a peer the user
 * is typing or stopped. Their fate is printed as {@code event message} lines ({@link EventPrinter}).
 */
@Component(service = MessageCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=message",
        "osgi.command.function=resend",
        "osgi.command.function=typing" })
public final class MessageCommands {

    private final Map<String, Messaging> messagings = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMessaging(Messaging messaging, Map<String, Object> properties) {
        messagings.put(String.valueOf(properties.get(ServiceProperties.ACCOUNT_ID)), messaging);
    }

    void removeMessaging(Messaging messaging, Map<String, Object> properties) {
        messagings.remove(String.valueOf(properties.get(ServiceProperties.ACCOUNT_ID)), messaging);
    }

    @Descriptor("sends an instant message: message <account> <address> <text...>; prints the message's id")
    public String message(String account, String address, String... words) {
        String text = String.join(" ", words);
        if (text.isBlank()) {
            throw new IllegalArgumentException("nothing to send: message <account> <address> <text...>");
        }
        return messaging(account).send(Address.parse(address, "sip"), text).value();
    }

    @Descriptor("sends a message whose delivery failed again: resend <account> <message id>")
    public String resend(String account, String message) {
        messaging(account).resend(new MessageId(message));
        return "resending " + message;
    }

    @Descriptor("tells a peer the user is typing (on) or stopped (off): typing <account> <address> on|off")
    public String typing(String account, String address, String onOrOff) {
        boolean on = switch (onOrOff.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("typing is on or off, not '" + onOrOff + "'");
        };
        Address peer = Address.parse(address, "sip");
        messaging(account).setTyping(peer, on);
        return account + " " + peer + (on ? " typing" : " stopped typing");
    }

    private Messaging messaging(String account) {
        Messaging messaging = messagings.get(account);
        if (messaging == null) {
            throw new IllegalArgumentException("account " + account + " cannot send messages (no such account,"
                    + " or it has no messaging); accounts with messaging: " + String.join(", ", messagings.keySet()));
        }
        return messaging;
    }
}
