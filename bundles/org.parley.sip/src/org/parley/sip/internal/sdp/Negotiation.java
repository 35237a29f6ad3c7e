package org.parley.sip.internal.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parley.core.media.RtpFormat;

/**
 * Offer/answer format selection (RFC 3264). The answerer picks the audio codec by its own order of
 * preference among those both sides support, as Linphone does (RFC 3264 section 6.1 lets the
 * answerer prefer its own order): an account set to {@code G722,PCMA} answers an offer of
 * {@code PCMA,G722} with G.722.
 */
public final class Negotiation {

    private Negotiation() {
    }

    /**
     * The formats to put in an answer: our most preferred audio codec among those offered plus
     * telephone-event if both sides have it, each with the offer's payload type and our format
     * parameters; empty if no audio codec is common.
     *
     * @param offered   the offer's formats
     * @param supported ours, most preferred first
     */
    public static List<RtpFormat> answerFormats(List<RtpFormat> offered, List<RtpFormat> supported) {
        List<RtpFormat> answer = new ArrayList<>();
        Optional<RtpFormat> audio = supported.stream().filter(ours -> !SessionDescription.isTelephoneEvent(ours))
                .flatMap(ours -> offered.stream().filter(theirs -> theirs.codec().sameAs(ours.codec())).limit(1))
                .findFirst();
        audio.ifPresent(answer::add);
        offered.stream().filter(SessionDescription::isTelephoneEvent)
                .filter(format -> supports(supported, format)).findFirst().ifPresent(answer::add);
        return audio.isPresent() ? answer.stream().map(format -> withOurParameters(format, supported)).toList()
                : List.of();
    }

    /**
     * The offer's formats that an answer chose (same payload types), with the offerer's parameters:
     * what our encoder follows when it sends to the offerer.
     */
    public static List<RtpFormat> asOffered(List<RtpFormat> offered, List<RtpFormat> answer) {
        return answer.stream().map(chosen -> offered.stream()
                .filter(theirs -> theirs.payloadType() == chosen.payloadType()).findFirst().orElse(chosen)).toList();
    }

    /** {@code format} with the parameters of our format of the same codec (none if we have none). */
    public static RtpFormat withOurParameters(RtpFormat format, List<RtpFormat> ours) {
        return format.withParameters(ours.stream().filter(own -> own.codec().sameAs(format.codec())).findFirst()
                .map(RtpFormat::parameters).orElse(Map.of()));
    }

    /** Why no codec is common, for a 488's warning and the call's end reason. */
    public static String noCommonCodec(List<RtpFormat> offered, List<RtpFormat> supported) {
        return "no audio codec in common: offered " + audioNames(offered) + ", accepted " + audioNames(supported);
    }

    /** Whether {@code formats} hold an audio codec, not only telephone-event. */
    public static boolean hasAudio(List<RtpFormat> formats) {
        return !formats.stream().allMatch(SessionDescription::isTelephoneEvent);
    }

    private static String audioNames(List<RtpFormat> formats) {
        List<String> names = formats.stream().filter(format -> !SessionDescription.isTelephoneEvent(format))
                .map(format -> format.codec().name()).toList();
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    private static boolean supports(List<RtpFormat> supported, RtpFormat format) {
        return supported.stream().anyMatch(ours -> ours.codec().sameAs(format.codec()));
    }
}
