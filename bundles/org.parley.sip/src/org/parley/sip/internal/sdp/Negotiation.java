package org.parley.sip.internal.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.parley.core.media.RtpFormat;

/** Offer/answer format selection (RFC 3264): what both sides can do, in the offerer's order. */
public final class Negotiation {

    private Negotiation() {
    }

    /**
     * The formats to put in an answer: those of the offer (with the offer's payload types) that
     * we support, in the offer's order, with at most one audio codec plus telephone-event.
     */
    public static List<RtpFormat> answerFormats(List<RtpFormat> offered, List<RtpFormat> supported) {
        List<RtpFormat> answer = new ArrayList<>();
        Optional<RtpFormat> audio = offered.stream()
                .filter(format -> !SessionDescription.isTelephoneEvent(format))
                .filter(format -> supports(supported, format)).findFirst();
        audio.ifPresent(answer::add);
        offered.stream().filter(SessionDescription::isTelephoneEvent)
                .filter(format -> supports(supported, format)).findFirst().ifPresent(answer::add);
        return audio.isPresent() ? answer : List.of();
    }

    private static boolean supports(List<RtpFormat> supported, RtpFormat format) {
        return supported.stream().anyMatch(ours -> ours.codec().sameAs(format.codec()));
    }
}
