package org.parley.console.internal;

import java.util.Locale;
import java.util.stream.Collectors;

import org.parley.core.account.RegistrationEvent;
import org.parley.core.media.AudioDevice;
import org.parley.core.media.AudioDeviceEvent;
import org.parley.core.messaging.DeliveryState;
import org.parley.core.messaging.MessageEvent;
import org.parley.core.plugins.PluginChange;
import org.parley.core.plugins.PluginEvent;
import org.parley.core.presence.PresenceEvent;
import org.parley.core.presence.watchers.Watcher;
import org.parley.core.telephony.CallEvent;

/**
 * The one-line texts of the events the console prints ({@link EventPrinter}):
 * <pre>
 * event registration &lt;account&gt; &lt;state&gt; [details]
 * event call &lt;account&gt; &lt;call&gt; started incoming|outgoing &lt;peer&gt;
 * event call &lt;account&gt; &lt;call&gt; state &lt;previous&gt; &lt;current&gt;
 * event call &lt;account&gt; &lt;call&gt; dtmf &lt;digit&gt;
 * event call &lt;account&gt; &lt;call&gt; ended &lt;reason&gt; [details]
 * event message &lt;account&gt; &lt;message&gt; sent &lt;peer&gt; &lt;text&gt;
 * event message &lt;account&gt; &lt;message&gt; received &lt;peer&gt; &lt;text&gt;
 * event message &lt;account&gt; &lt;message&gt; sending|delivered
 * event message &lt;account&gt; &lt;message&gt; failed &lt;reason&gt;
 * event composing &lt;account&gt; &lt;peer&gt; active|idle
 * event presence &lt;account&gt; &lt;contact&gt; &lt;status&gt; [note]
 * event watcher &lt;account&gt; &lt;address&gt; asks
 * event device added|removed capture|playback &lt;id&gt; &lt;name&gt;
 * event plugins updates-available &lt;feature&gt; &lt;version&gt;[, …]
 * event plugins updated &lt;feature&gt; &lt;version&gt; applied|restart-needed [reason]
 * event plugins check-failed &lt;reason&gt;
 * </pre>
 * A presence status is one of available, on-the-phone, busy, dnd, away, offline, unknown. Line
 * breaks in texts are printed as {@code \n} (and backslashes doubled), so every event is one line.
 */
public final class EventLines {

    private EventLines() {
    }

    public static String device(AudioDeviceEvent event) {
        AudioDevice device = event.device();
        return "event device " + (event instanceof AudioDeviceEvent.Added ? "added " : "removed ")
                + device.kind().name().toLowerCase(Locale.ROOT) + " " + device.id() + " " + Describe.oneLine(device.name());
    }

    public static String registration(RegistrationEvent event) {
        return "event registration " + event.account() + " " + Describe.registration(event.current());
    }

    public static String call(CallEvent event) {
        return "event call " + event.account() + " " + event.call() + " " + switch (event) {
            case CallEvent.Started started -> "started " + lower(started.direction().name()) + " " + started.peer();
            case CallEvent.StateChanged changed -> "state " + lower(changed.previous().name()) + " "
                    + lower(changed.current().name());
            case CallEvent.DtmfReceived dtmf -> "dtmf " + dtmf.digit();
            case CallEvent.SecurityChanged secured -> "security " + Describe.security(secured.security());
            case CallEvent.VideoChanged video -> "video " + Describe.direction(video.video());
            case CallEvent.Ended ended -> ("ended " + lower(ended.reason().name()) + " " + ended.detail()).strip();
        };
    }

    public static String message(MessageEvent event) {
        if (event instanceof MessageEvent.Composing composing) {
            return "event composing " + event.account() + " " + event.peer() + " "
                    + (composing.typing() ? "active" : "idle");
        }
        return "event message " + event.account() + " " + switch (event) {
            case MessageEvent.Sent sent -> sent.message() + " sent " + sent.peer() + " "
                    + Describe.oneLine(sent.text());
            case MessageEvent.Received received -> received.message() + " received " + received.peer() + " "
                    + Describe.oneLine(received.text());
            case MessageEvent.DeliveryChanged changed -> changed.message() + " " + switch (changed.state()) {
                case DeliveryState.Sending sending -> "sending";
                case DeliveryState.Delivered delivered -> "delivered";
                case DeliveryState.Failed failed -> "failed " + Describe.oneLine(failed.reason());
            };
            case MessageEvent.Composing composing -> throw new AssertionError(composing);
        };
    }

    public static String presence(PresenceEvent event) {
        return "event presence " + event.account() + " " + event.contact() + " "
                + StatusWords.word(event.status().availability())
                + event.status().note().map(note -> " " + Describe.oneLine(note)).orElse("");
    }

    /** Somebody asks to watch the user's presence and waits for {@code parley:watchers ... allow|deny}. */
    public static String watcherAsked(Watcher watcher) {
        return "event watcher " + watcher.account() + " " + watcher.address() + " asks";
    }

    public static String plugins(PluginEvent event) {
        return "event plugins " + switch (event) {
            case PluginEvent.UpdatesAvailable available -> "updates-available " + available.updates().stream()
                    .map(feature -> feature.id() + " " + feature.version()).collect(Collectors.joining(", "));
            case PluginEvent.Updated updated -> "updated " + updated.feature().id() + " " + updated.feature().version()
                    + (updated.change() instanceof PluginChange.RestartNeeded restart
                            ? " restart-needed " + restart.reason() : " applied");
            case PluginEvent.CheckFailed failed -> "check-failed " + Describe.oneLine(failed.reason());
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
