package org.parley.console.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.core.Address;
import org.parley.core.ServiceProperties;
import org.parley.core.media.MediaStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallState;
import org.parley.core.telephony.Telephony;

/**
 * Console commands for calls: place, answer, reject, hang up, hold, resume, mute, keypad, list,
 * media statistics and recording.
 */
@Component(service = CallCommands.class, property = {
        "osgi.command.scope=parley",
        "osgi.command.function=call",
        "osgi.command.function=calls",
        "osgi.command.function=answer",
        "osgi.command.function=reject",
        "osgi.command.function=hangup",
        "osgi.command.function=hold",
        "osgi.command.function=resume",
        "osgi.command.function=mute",
        "osgi.command.function=video",
        "osgi.command.function=sas",
        "osgi.command.function=dtmf",
        "osgi.command.function=transfer",
        "osgi.command.function=join",
        "osgi.command.function=split",
        "osgi.command.function=awaitcall",
        "osgi.command.function=stats",
        "osgi.command.function=record" })
public final class CallCommands {

    private final Map<String, Telephony> telephonies = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTelephony(Telephony telephony, Map<String, Object> properties) {
        telephonies.put(String.valueOf(properties.get(ServiceProperties.ACCOUNT_ID)), telephony);
    }

    void removeTelephony(Telephony telephony, Map<String, Object> properties) {
        telephonies.remove(String.valueOf(properties.get(ServiceProperties.ACCOUNT_ID)), telephony);
    }

    @Descriptor("places a call: call <account> <address>; prints the call's id")
    public String call(String account, String address) {
        Telephony telephony = telephonies.get(account);
        if (telephony == null) {
            throw new IllegalArgumentException("account " + account + " cannot place calls (no such account,"
                    + " or it has no telephony); accounts with telephony: " + String.join(", ", telephonies.keySet()));
        }
        return telephony.call(Address.parse(address, "sip")).id().value();
    }

    @Descriptor("lists the calls with their state, RTP packet counts, video and media encryption")
    public String calls() {
        List<List<String>> rows = new ArrayList<>();
        allCalls().stream().sorted(Comparator.comparing((Call call) -> call.account().value()))
                .forEach(call -> {
                    MediaStatistics statistics = call.statistics();
                    rows.add(List.of(call.id().value(), call.account().value(),
                            call.direction().name().toLowerCase(Locale.ROOT), call.peer().uri(),
                            call.state().name().toLowerCase(Locale.ROOT), String.valueOf(statistics.packetsSent()),
                            String.valueOf(statistics.packetsReceived()), String.valueOf(statistics.packetsLost()),
                            Describe.video(call.video(), call.videoSecurity()), Describe.security(call.security())));
                });
        return Table.render(List.of("CALL", "ACCOUNT", "DIRECTION", "PEER", "STATE", "RTP-SENT", "RTP-RECEIVED",
                "RTP-LOST", "VIDEO", "SECURITY"), rows, "no calls");
    }

    @Descriptor("answers an incoming call: answer <call> (an id or its unique beginning)")
    public String answer(String call) {
        find(call).answer();
        return "answering " + call;
    }

    @Descriptor("rejects an incoming call: reject <call> [busy]")
    public String reject(String call, String... busy) {
        boolean isBusy = busy.length > 0 && busy[0].equalsIgnoreCase("busy");
        find(call).reject(isBusy);
        return (isBusy ? "rejected as busy " : "declined ") + call;
    }

    @Descriptor("ends a call, whatever its state: hangup <call>")
    public String hangup(String call) {
        find(call).hangUp();
        return "hanging up " + call;
    }

    @Descriptor("puts a call on hold: hold <call>")
    public String hold(String call) {
        find(call).setOnHold(true);
        return "holding " + call;
    }

    @Descriptor("takes a call off hold: resume <call>")
    public String resume(String call) {
        find(call).setOnHold(false);
        return "resuming " + call;
    }

    @Descriptor("marks a call's ZRTP short authentication string as compared with the far end's: sas <call> verified|unverified")
    public String sas(String call, String mark) {
        boolean verified = switch (mark.toLowerCase(Locale.ROOT)) {
            case "verified" -> true;
            case "unverified" -> false;
            default -> throw new IllegalArgumentException("sas <call> verified|unverified, not " + mark);
        };
        Call found = find(call);
        found.setSasVerified(verified);
        return call + " " + Describe.security(found.security());
    }

    @Descriptor("mutes or unmutes the microphone in a call: mute <call> [on|off]")
    public String mute(String call, String... onOrOff) {
        boolean on = onOrOff.length == 0 || !onOrOff[0].equalsIgnoreCase("off");
        find(call).setMuted(on);
        return (on ? "muted " : "unmuted ") + call;
    }

    @Descriptor("adds video to a call, or removes it (by re-INVITE): video <call> on|off")
    public String video(String call, String onOrOff) {
        boolean on = switch (onOrOff.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("video <call> on|off, not " + onOrOff);
        };
        find(call).setVideo(on);
        return (on ? "adding video to " : "removing video from ") + call;
    }

    @Descriptor("sends keypad tones: dtmf <call> <digits>")
    public String dtmf(String call, String digits) {
        find(call).sendDtmf(digits);
        return "sent " + digits + " in " + call;
    }

    @Descriptor("hands a call over: transfer <call> <address> (blind) or transfer <call> <other call> (attended:"
            + " joins the two far ends)")
    public String transfer(String call, String target) {
        List<Call> others = allCalls().stream().filter(other -> other.id().value().startsWith(target)).toList();
        if (others.size() == 1) {
            find(call).transfer(others.get(0));
            return "joining " + call + " with " + others.get(0).id();
        }
        find(call).transfer(Address.parse(target, "sip"));
        return "transferring " + call + " to " + target;
    }

    @Descriptor("joins two calls into a local conference mixed by Parley: join <call> <other call> (each far end"
            + " hears this side and the other; a call in a conference brings the other into it)")
    public String join(String call, String other) {
        Call first = find(call);
        first.joinConference(find(other));
        return "conference of " + first.id() + " with " + first.conference().stream().map(CallId::value).sorted().toList();
    }

    @Descriptor("takes a call out of its local conference: split <call> (it goes on with its own far end)")
    public String split(String call) {
        find(call).leaveConference();
        return "split " + call + " from its conference";
    }

    @Descriptor("waits until a call reaches a state: awaitcall <call> <state> [seconds]")
    public String awaitcall(String call, String state, String... seconds) throws InterruptedException {
        CallState wanted = CallState.valueOf(state.toUpperCase(Locale.ROOT).replace('-', '_'));
        long deadline = System.nanoTime() + Long.parseLong(seconds.length > 0 ? seconds[0] : "10") * 1_000_000_000L;
        Call found = find(call);
        while (found.state() != wanted) {
            if (System.nanoTime() > deadline || found.state() == CallState.ENDED) {
                throw new IllegalStateException("call " + call + " is " + found.state().name().toLowerCase(Locale.ROOT)
                        + ", not " + state);
            }
            Thread.sleep(20);
        }
        return call + " " + wanted.name().toLowerCase(Locale.ROOT);
    }

    private List<Call> allCalls() {
        List<Call> calls = new ArrayList<>();
        telephonies.values().forEach(telephony -> calls.addAll(telephony.calls()));
        return calls;
    }

    private Call find(String idOrPrefix) {
        List<Call> matches = allCalls().stream().filter(call -> call.id().value().startsWith(idOrPrefix)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty() ? "no call " + idOrPrefix
                    : "'" + idOrPrefix + "' matches " + matches.size() + " calls; give more of the id");
        }
        return matches.get(0);
    }

    @Descriptor("shows a call's media statistics: stats <call> (codec, packets, loss, jitter, round-trip time)")
    public String stats(String call) {
        Call found = find(call);
        String audio = StatisticsLines.render(found.id().value(), found.statistics()) + "\n"
                + StatisticsLines.path(found.icePath());
        return found.videoStatistics().map(video -> audio + "\n" + StatisticsLines.renderVideo(video,
                found.videoSecurity())).orElse(audio);
    }

    @Descriptor("records a call, both directions mixed, to a WAV or Ogg Opus file: record <call> <file.wav|.ogg>;"
            + " record <call> stop"
            + " completes it (so does the end of the call)")
    public String record(String call, String fileOrStop) {
        Call found = find(call);
        if (fileOrStop.equalsIgnoreCase("stop")) {
            var file = found.recording();
            found.stopRecording();
            return file.map(path -> "recorded " + call + " to " + path).orElse("not recording " + call);
        }
        Path file = Path.of(fileOrStop).toAbsolutePath();
        found.startRecording(file);
        return "recording " + call + " to " + file;
    }
}
