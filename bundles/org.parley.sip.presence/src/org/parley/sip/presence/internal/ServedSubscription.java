package org.parley.sip.presence.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import javax.sip.Dialog;
import javax.sip.header.CallIdHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

import org.parley.core.Address;
import org.parley.core.presence.watchers.WatcherState;

/**
 * One subscription to the user's presence that this account serves (RFC 6665 notifier side): its
 * dialog, who watches, whether they may see the status yet, and until when. Used on the account's
 * presence thread only.
 */
final class ServedSubscription {

    final Dialog dialog;
    final Address watcher;
    final Instant since;
    /** The SUBSCRIBE's Event header, with its id if it has one: every NOTIFY repeats it (RFC 6665 section 8.2.1). */
    final EventHeader event;
    private final String callId;
    private final String remoteTag;
    WatcherState state;
    Instant expiresAt;
    Optional<ScheduledFuture<?>> expiry = Optional.empty();

    ServedSubscription(Dialog dialog, Request subscribe, Address watcher, WatcherState state, Instant expiresAt) {
        this.dialog = dialog;
        this.watcher = watcher;
        this.state = state;
        this.expiresAt = expiresAt;
        this.since = Instant.now();
        this.event = (EventHeader) subscribe.getHeader(EventHeader.NAME).clone();
        this.callId = ((CallIdHeader) subscribe.getHeader(CallIdHeader.NAME)).getCallId();
        this.remoteTag = ((FromHeader) subscribe.getHeader(FromHeader.NAME)).getTag();
    }

    /**
     * Whether {@code request} (a SUBSCRIBE inside a dialog) refreshes or ends this subscription.
     * The dialog's local tag is read now: it is set by the first response, after the dialog is made.
     */
    boolean owns(Request request) {
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        return callId.equals(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId())
                && String.valueOf(remoteTag).equals(((FromHeader) request.getHeader(FromHeader.NAME)).getTag())
                && toTag != null && toTag.equals(dialog.getLocalTag());
    }

    void cancelExpiry() {
        expiry.ifPresent(timer -> timer.cancel(false));
        expiry = Optional.empty();
    }
}
