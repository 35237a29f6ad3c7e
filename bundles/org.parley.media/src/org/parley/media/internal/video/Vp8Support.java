package org.parley.media.internal.video;

import java.util.List;
import java.util.Optional;

import org.parley.core.media.Codec;
import org.parley.core.media.RtpFormat;
import org.parley.media.libjitsi.natives.LibJitsiNatives;
import org.parley.media.libjitsi.vp8.Vp8Decoder;
import org.parley.media.libjitsi.vp8.Vp8Encoder;

/** Whether VP8 works on this machine: libjitsi's libvpx binding loads, and encodes and decodes. */
public final class Vp8Support {

    /** The payload type offers propose for VP8 (Linphone and baresip take 96-100 too; any dynamic type is taken). */
    public static final int PAYLOAD_TYPE = 100;

    private Vp8Support() {
    }

    /** The video formats of an engine on which {@link #problem()} found none. */
    public static List<RtpFormat> formats() {
        return List.of(new RtpFormat(Codec.VP8, PAYLOAD_TYPE));
    }

    /** Loads the binding and tries it: empty if VP8 works, else why not. */
    public static Optional<String> problem() {
        try {
            LibJitsiNatives.load("jnvpx");
            try (Vp8Encoder encoder = new Vp8Encoder(64, 64, 15, 100); Vp8Decoder decoder = new Vp8Decoder()) {
                return Optional.empty();
            }
        } catch (LinkageError | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
