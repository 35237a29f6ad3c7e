package org.parley.console.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parley.console.internal.EventLines;
import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceEvent;
import org.parley.core.media.MediaSecurity;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.messaging.MessageId;
import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.PresenceStatus;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.presence.watchers.WatcherState;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallId;

/**
 * The one-line event texts the console prints for presence, requests to watch the user's presence,
 * messages, typing and delivery states.
 */
class EventLinesTest {

    private static final AccountId WORK = new AccountId("work");
    private static final Address BOB = new Address("sip:bob@example.org");
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void presenceChangesOfContactsArePrintedWithTheStatusWordAndTheNoteOnOneLine() {
        assertEquals("event presence work sip:bob@example.org away back at 3\\nor 4",
                EventLines.presence(new PresenceEvent(WORK, BOB,
                        new PresenceStatus(Availability.AWAY, Optional.of("back at 3\nor 4")), NOW)));
        assertEquals("event presence work sip:bob@example.org dnd",
                EventLines.presence(new PresenceEvent(WORK, BOB, PresenceStatus.of(Availability.DO_NOT_DISTURB), NOW)));
        assertEquals("event presence work sip:bob@example.org unknown",
                EventLines.presence(new PresenceEvent(WORK, BOB, PresenceStatus.of(Availability.UNKNOWN), NOW)));
    }

    @Test
    void soundDevicesThatComeAndGoArePrintedWithKindIdAndName() {
        AudioDevice headset = new AudioDevice("pulseaudio:usb-headset", "USB headset", AudioDevice.Kind.PLAYBACK);
        assertEquals("event device added playback pulseaudio:usb-headset USB headset",
                EventLines.device(new AudioDeviceEvent.Added(headset)));
        assertEquals("event device removed capture pulseaudio:mic Mic\\nline 2", EventLines.device(
                new AudioDeviceEvent.Removed(new AudioDevice("pulseaudio:mic", "Mic\nline 2", AudioDevice.Kind.CAPTURE))));
    }

    @Test
    void incomingMessagesAndTypingNoticesArePrinted() {
        assertEquals("event message work sip-1 received sip:bob@example.org hi\\nthere",
                EventLines.message(new MessageEvent.Received(WORK, BOB, new MessageId("sip-1"), "hi\nthere", NOW)));
        assertEquals("event composing work sip:bob@example.org active",
                EventLines.message(new MessageEvent.Composing(WORK, BOB, true, NOW)));
        assertEquals("event composing work sip:bob@example.org idle",
                EventLines.message(new MessageEvent.Composing(WORK, BOB, false, NOW)));
    }

    @Test
    void deliveryStateChangesOfSentMessagesArePrinted() {
        MessageId id = new MessageId("m-1");
        assertEquals("event message work m-1 sent sip:bob@example.org hello",
                EventLines.message(new MessageEvent.Sent(WORK, BOB, id, "hello", NOW)));
        assertEquals("event message work m-1 sending",
                EventLines.message(new MessageEvent.DeliveryChanged(WORK, BOB, id, new DeliveryState.Sending(), NOW)));
        assertEquals("event message work m-1 delivered",
                EventLines.message(new MessageEvent.DeliveryChanged(WORK, BOB, id, new DeliveryState.Delivered(), NOW)));
        assertEquals("event message work m-1 failed 480 Temporarily Unavailable",
                EventLines.message(new MessageEvent.DeliveryChanged(WORK, BOB, id,
                        new DeliveryState.Failed("480 Temporarily Unavailable"), NOW)));
    }

    @Test
    void aRequestToWatchTheUsersPresenceIsPrintedWithTheAccountAndTheAddressThatAsks() {
        assertEquals("event watcher work sip:bob@example.org asks",
                EventLines.watcherAsked(new Watcher(WORK, BOB, WatcherState.PENDING, NOW)));
    }

    @Test
    void callSecurityChangesArePrintedWithTheShortAuthenticationString() {
        CallId call = new CallId("c-1");
        assertEquals("event call work c-1 security srtp zrtp AES-CM-128/DH3K sas yqjw unverified",
                EventLines.call(new CallEvent.SecurityChanged(WORK, call, BOB, new MediaSecurity.Srtp(
                        MediaSecurity.KeyExchange.ZRTP, "AES-CM-128/DH3K",
                        Optional.of(new MediaSecurity.AuthenticationString("yqjw", false))), NOW)));
        assertEquals("event call work c-1 security none",
                EventLines.call(new CallEvent.SecurityChanged(WORK, call, BOB, new MediaSecurity.Unsecured(), NOW)));
    }
}
