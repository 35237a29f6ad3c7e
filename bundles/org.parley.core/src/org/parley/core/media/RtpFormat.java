package org.parley.core.media;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A codec as it appears on the wire of one session: the codec, the RTP payload type that carries
 * it (0 for PCMU, 8 for PCMA, 9 for G.722, a dynamic type from 96 to 127 for Opus and
 * {@code telephone-event}) and its format parameters ({@code a=fmtp}).
 * <p>
 * The parameters of a format in an engine's {@link MediaEngine#formats()} say what the engine
 * wants to receive (e.g. Opus's {@code useinbandfec=1}); those of the format a session
 * {@linkplain MediaSession#start starts} with are the far end's, and tell the encoder how to send
 * (e.g. Opus's {@code usedtx}, {@code maxaveragebitrate}, RFC 7587).
 *
 * @param codec       the codec
 * @param payloadType the RTP payload type, 0 to 127
 * @param parameters  the format parameters as name and value (a name without value has an empty
 *                    one), in their order; empty if there are none
 */
public record RtpFormat(Codec codec, int payloadType, Map<String, String> parameters) {

    public RtpFormat {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("An RTP payload type is 0 to 127: " + payloadType);
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A format without parameters. */
    public RtpFormat(Codec codec, int payloadType) {
        this(codec, payloadType, Map.of());
    }

    /** This format with other parameters. */
    public RtpFormat withParameters(Map<String, String> parameters) {
        return new RtpFormat(codec, payloadType, parameters);
    }

    @Override
    public String toString() {
        return payloadType + " " + codec;
    }
}
