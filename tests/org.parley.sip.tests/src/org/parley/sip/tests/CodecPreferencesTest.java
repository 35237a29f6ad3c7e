package org.parley.sip.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.core.media.Codec;
import org.parley.core.media.RtpFormat;
import org.parley.sip.internal.sdp.CodecPreferences;
import org.parley.sip.internal.sdp.Negotiation;

/** An account's codecs setting applied to the engine's formats, and the answerer's choice: pure logic. */
class CodecPreferencesTest {

    private static final RtpFormat OPUS = new RtpFormat(Codec.OPUS, 111);
    private static final RtpFormat G722 = new RtpFormat(Codec.G722, 9);
    private static final RtpFormat PCMU = new RtpFormat(Codec.PCMU, 0);
    private static final RtpFormat PCMA = new RtpFormat(Codec.PCMA, 8);
    private static final RtpFormat EVENTS = new RtpFormat(Codec.TELEPHONE_EVENT, 101);
    private static final List<RtpFormat> ENGINE = List.of(OPUS, G722, PCMU, PCMA, EVENTS);

    @Test
    void blankMeansEverythingTheEngineOffersInItsOrder() {
        assertEquals(CodecPreferences.ENGINE_ORDER, CodecPreferences.parse(""));
        assertEquals(ENGINE, CodecPreferences.parse(" ").apply(ENGINE));
    }

    @Test
    void theSettingChoosesAndOrdersAndTelephoneEventFollows() {
        assertEquals(List.of(PCMA, G722, EVENTS), CodecPreferences.parse("pcma, g722").apply(ENGINE));
        assertEquals(List.of(PCMU, OPUS, EVENTS), CodecPreferences.parse("PCMU,opus,PCMU,telephone-event").apply(ENGINE));
        assertEquals(List.of(G722, PCMU), CodecPreferences.parse("G722,PCMU").apply(List.of(PCMU, G722)),
                "no telephone-event when the engine has none");
    }

    @Test
    void aCodecTheEngineLacksIsLeftOut() {
        List<RtpFormat> withoutOpus = List.of(G722, PCMU, PCMA, EVENTS);
        assertEquals(List.of(PCMA, EVENTS), CodecPreferences.parse("opus,PCMA").apply(withoutOpus));
        assertFalse(Negotiation.hasAudio(CodecPreferences.parse("opus").apply(withoutOpus)));
    }

    @Test
    void unknownNamesAreAnErrorThatNamesThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CodecPreferences.parse("opus,G729, speex ,PCMA"));
        assertTrue(e.getMessage().contains("G729, speex") && e.getMessage().contains("opus, G722, PCMU, PCMA"),
                e.getMessage());
    }

    @Test
    void theAnswererTakesItsOwnFirstChoiceWithTheOffersPayloadType() {
        RtpFormat offeredPcma = new RtpFormat(Codec.PCMA, 8);
        RtpFormat offeredG722 = new RtpFormat(Codec.G722, 9);
        RtpFormat offeredEvents = new RtpFormat(Codec.TELEPHONE_EVENT, 96);
        List<RtpFormat> offer = List.of(offeredPcma, offeredG722, offeredEvents);
        assertEquals(List.of(offeredG722, offeredEvents),
                Negotiation.answerFormats(offer, CodecPreferences.parse("G722,PCMA").apply(ENGINE)));
        assertEquals(List.of(offeredPcma, offeredEvents),
                Negotiation.answerFormats(offer, CodecPreferences.parse("PCMU,PCMA").apply(ENGINE)));
        assertEquals(List.of(), Negotiation.answerFormats(offer, CodecPreferences.parse("opus,PCMU").apply(ENGINE)));
        assertEquals("no audio codec in common: offered PCMA,G722, accepted opus,PCMU",
                Negotiation.noCommonCodec(offer, CodecPreferences.parse("opus,PCMU").apply(ENGINE)));
    }
}
