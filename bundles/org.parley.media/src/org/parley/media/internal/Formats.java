package org.parley.media.internal;

import java.util.ArrayList;
import java.util.List;

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

    private Formats() {
    }

    /** The formats in order of preference: Opus (if it works), PCMU, PCMA, then telephone-event. */
    static List<RtpFormat> offered(boolean opus) {
        List<RtpFormat> formats = new ArrayList<>();
        if (opus) {
            formats.add(new RtpFormat(Codec.OPUS, OPUS_PAYLOAD_TYPE));
        }
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
        if (codec.sameAs(Codec.OPUS) && opus) {
            requireDynamic(format);
            return factory.createMediaFormat("opus", 48000, 2);
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

    /** The sample rate the session's source generates at for {@code format}: the encoder's input rate. */
    static int sourceRate(RtpFormat format) {
        return format.codec().sameAs(Codec.OPUS) ? 48000 : 8000;
    }

    /** Whether {@code format} needs a dynamic payload type mapping. */
    static boolean dynamic(RtpFormat format) {
        return format.payloadType() >= 96;
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
