package org.parley.xmpp.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.SubscribeListener;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceListener;
import org.parley.core.presence.PresenceStatus;

/**
 * Presence of an XMPP account (RFC 6121): the own status as presence stanzas, contacts watched through
 * roster subscriptions, their presence told to {@link PresenceListener}s. Subscription requests are
 * approved (and returned) for contacts, or for everyone when the policy says so.
 */
final class XmppPresence implements org.parley.core.presence.Presence {

    private static final Logger LOG = Logger.getLogger(XmppPresence.class.getName());

    private final AccountId account;
    private final XMPPConnection connection;
    private final Roster roster;
    private final Executor executor;
    private final Listeners<PresenceListener> listeners;
    private volatile PresenceStatus own = PresenceStatus.of(Availability.AVAILABLE);
    /** Who asked to see this account's presence and is not a contact (yet). */
    private final Set<BareJid> asked = ConcurrentHashMap.newKeySet();

    XmppPresence(AccountId account, XMPPConnection connection, Executor executor, Listeners<PresenceListener> listeners,
            Predicate<BareJid> mayWatchMe) {
        this.account = account;
        this.connection = connection;
        this.executor = executor;
        this.listeners = listeners;
        this.roster = Roster.getInstanceFor(connection);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((Jid from, Presence request) -> {
            if (mayWatchMe.test(from.asBareJid())) {
                return SubscribeListener.SubscribeAnswer.ApproveAndAlsoRequestIfRequired;
            }
            asked.add(from.asBareJid()); // answered when the user makes them a contact
            return null;
        });
        roster.addRosterListener(new RosterListener() {
            @Override
            public void presenceChanged(Presence presence) {
                BareJid from = presence.getFrom().asBareJid();
                tell(from, Statuses.of(roster.getPresence(from)));
            }

            @Override
            public void entriesAdded(java.util.Collection<Jid> addresses) {
                // their presence follows
            }

            @Override
            public void entriesUpdated(java.util.Collection<Jid> addresses) {
                // their presence follows
            }

            @Override
            public void entriesDeleted(java.util.Collection<Jid> addresses) {
                // unwatched
            }
        });
    }

    @Override
    public void publish(PresenceStatus status) {
        own = status;
        executor.execute(this::sendOwn);
    }

    /** Sends the own status (after every login, and on each change while connected). */
    void sendOwn() {
        if (!connection.isAuthenticated()) {
            return;
        }
        PresenceStatus status = own;
        PresenceBuilder presence = connection.getStanzaFactory().buildPresenceStanza();
        Statuses.mode(status.availability()).ifPresentOrElse(mode -> presence.ofType(Presence.Type.available).setMode(mode),
                () -> presence.ofType(Presence.Type.unavailable));
        status.note().ifPresent(presence::setStatus);
        try {
            connection.sendStanza(presence.build());
        } catch (SmackException.NotConnectedException | InterruptedException notNow) {
            LOG.info("The status of " + account + " is sent at the next login: " + notNow.getMessage());
        }
    }

    @Override
    public PresenceStatus ownStatus() {
        return own;
    }

    @Override
    public void watch(Address contact) {
        BareJid jid = Jids.of(contact);
        executor.execute(() -> {
            if (!connection.isAuthenticated()) {
                return;
            }
            try {
                if (asked.remove(jid)) {
                    // they asked before they were a contact: now they may see us
                    connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
                            .ofType(Presence.Type.subscribed).to(jid).build());
                }
                RosterEntry entry = roster.getEntry(jid);
                if (entry == null) {
                    roster.createItemAndRequestSubscription(jid, jid.getLocalpartOrNull() == null ? null
                            : jid.getLocalpartOrNull().toString(), null);
                } else if (!roster.iAmSubscribedTo(jid)) {
                    roster.sendSubscriptionRequest(jid);
                }
            } catch (SmackException | XMPPException | InterruptedException failed) {
                LOG.warning("Cannot watch " + contact + " from " + account + ": " + failed.getMessage());
            }
        });
    }

    @Override
    public void unwatch(Address contact) {
        BareJid jid = Jids.of(contact);
        executor.execute(() -> {
            RosterEntry entry = roster.getEntry(jid);
            if (entry == null || !connection.isAuthenticated()) {
                return;
            }
            try {
                roster.removeEntry(entry);
            } catch (SmackException | XMPPException | InterruptedException failed) {
                LOG.warning("Cannot stop watching " + contact + " from " + account + ": " + failed.getMessage());
            }
        });
    }

    @Override
    public Optional<PresenceStatus> statusOf(Address contact) {
        BareJid jid = Jids.of(contact);
        if (roster.getEntry(jid) == null) {
            return Optional.empty();
        }
        return Optional.of(Statuses.of(roster.getPresence(jid)));
    }

    private void tell(BareJid from, PresenceStatus status) {
        PresenceEvent event = new PresenceEvent(account, Jids.address(from), status, Instant.now());
        listeners.tell(account, listener -> listener.presenceChanged(event));
    }
}
