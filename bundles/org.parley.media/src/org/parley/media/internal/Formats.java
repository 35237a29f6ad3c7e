package org.parley.media.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jitsi.service.neomedia.format.MediaFormat;
import org.jitsi.service.neomedia.format.MediaFormatFactory;
import org.parley.core.media.Codec;
import org.parley.core.media.MediaException;
import org.parley.core.media.RtpFormat;

/** The codecs the engine offers, their payload types and their libjitsi formats. */
final class Formats {

    /** The dynamic payload type proposed for Opus. */
    static final int OPUS_PAYLOAD_TYPE = 111;
    /** The dynamic payload type proposed for RFC 4733 telephone events. */
    static final int TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

    private static final int PCMU_PAYLOAD_TYPE = 0;
    private static final int PCMA_PAYLOAD_TYPE = 8;
    private static final int G722_PAYLOAD_TYPE = 9;
    /**
     * What we ask of the far end's Opus encoder (RFC 7587): in-band FEC, DTX (libjitsi's decoder
     * conceals the packets DTX leaves out like lost ones) and at most the 32 kbit/s that libjitsi's
     * own encoder sends by default. libjitsi's encoder in turn follows the far end's
     * {@code useinbandfec}, {@code usedtx} and {@code maxaveragebitrate} (it caps its bitrate, measured
     * in MediaSessionsTest) given in the session's format; it ignores {@code maxplaybackrate}, and its
     * DTX showed no effect on silence or quiet noise (it encodes CELT-only at 32 kbit/s).
     */
    static final Map<String, String> OPUS_PARAMETERS = orderedMap("useinbandfec", "1", "usedtx", "1",
            "maxaveragebitrate", "32000");

    private Formats() {
    }

    /** The formats in order of preference: Opus (if it works), G.722, PCMU, PCMA, then telephone-event. */
    static List<RtpFormat> offered(boolean opus) {
        List<RtpFormat> formats = new ArrayList<>();
        if (opus) {
            formats.add(new RtpFormat(Codec.OPUS, OPUS_PAYLOAD_TYPE, OPUS_PARAMETERS));
        }
        formats.add(new RtpFormat(Codec.G722, G722_PAYLOAD_TYPE));
        formats.add(new RtpFormat(Codec.PCMU, PCMU_PAYLOAD_TYPE));
        formats.add(new RtpFormat(Codec.PCMA, PCMA_PAYLOAD_TYPE));
        formats.add(new RtpFormat(Codec.TELEPHONE_EVENT, TELEPHONE_EVENT_PAYLOAD_TYPE));
        return List.copyOf(formats);
    }

    /**
     * The libjitsi format for an audio codec.
     *
     * @throws MediaException if the engine does not support the codec or a static codec comes
     *                        with another payload type than its own
     */
    static MediaFormat audio(MediaFormatFactory factory, RtpFormat format, boolean opus) {
        Codec codec = format.codec();
        if (codec.sameAs(Codec.PCMU)) {
            requireStatic(format, PCMU_PAYLOAD_TYPE);
            return factory.createMediaFormat("PCMU", 8000);
        }
        if (codec.sameAs(Codec.PCMA)) {
            requireStatic(format, PCMA_PAYLOAD_TYPE);
            return factory.createMediaFormat("PCMA", 8000);
        }
        if (codec.sameAs(Codec.G722)) {
            requireStatic(format, G722_PAYLOAD_TYPE);
            return factory.createMediaFormat("G722", 8000);
        }
        if (codec.sameAs(Codec.OPUS) && opus) {
            requireDynamic(format);
            // libjitsi's Opus encoder reads usedtx, useinbandfec and maxaveragebitrate from these
            return factory.createMediaFormat("opus", 48000, 2, -1f,
                    format.parameters(), Map.of());
        }
        throw new MediaException("The media engine cannot send " + format);
    }

    /** The libjitsi format for RFC 4733 telephone events. */
    static MediaFormat telephoneEvent(MediaFormatFactory factory, RtpFormat format) {
        if (!format.codec().sameAs(Codec.TELEPHONE_EVENT)) {
            throw new MediaException("Not a telephone-event format: " + format);
        }
        requireDynamic(format);
        return factory.createMediaFormat("telephone-event", 8000);
    }

    /**
     * The sample rate the session's source generates at for {@code format}: the encoder's input
     * rate, which for G.722 is 16 kHz although its RTP clock says 8000.
     */
    static int sourceRate(RtpFormat format) {
        Codec codec = format.codec();
        if (codec.sameAs(Codec.OPUS)) {
            return 48000;
        }
        return codec.sameAs(Codec.G722) ? 16000 : codec.clockRate();
    }

    /** Whether {@code format} needs a dynamic payload type mapping. */
    static boolean dynamic(RtpFormat format) {
        return format.payloadType() >= 96;
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static void requireStatic(RtpFormat format, int payloadType) {
        if (format.payloadType() != payloadType) {
            throw new MediaException(format.codec() + " is sent with its static payload type " + payloadType
                    + ", not " + format.payloadType());
        }
    }

    private static void requireDynamic(RtpFormat format) {
        if (!dynamic(format)) {
            throw new MediaException(format.codec() + " needs a dynamic payload type (96 to 127), not "
                    + format.payloadType());
        }
    }
}
