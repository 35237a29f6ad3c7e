package org.parley.core.media;

import java.util.Objects;

/**
 * A codec as it appears on the wire of one session: the codec and the RTP payload type that
 * carries it (0 for PCMU, 8 for PCMA, a dynamic type from 96 to 127 for Opus and
 * {@code telephone-event}).
 *
 * @param codec       the codec
 * @param payloadType the RTP payload type, 0 to 127
 */
public record RtpFormat(Codec codec, int payloadType) {

    public RtpFormat {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("An RTP payload type is 0 to 127: " + payloadType);
        }
    }

    @Override
    public String toString() {
        return payloadType + " " + codec;
    }
}
