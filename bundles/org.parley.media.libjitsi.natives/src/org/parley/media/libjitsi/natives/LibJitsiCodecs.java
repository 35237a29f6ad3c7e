package org.parley.media.libjitsi.natives;

import java.util.List;

import javax.media.Codec;
import javax.media.PlugInManager;

import org.parley.media.libjitsi.g722.JavaDecoder;
import org.parley.media.libjitsi.g722.JavaEncoder;

/**
 * Codecs that libjitsi names but cannot run here. libjitsi registers G.722 as JNI codecs whose
 * library ({@code jng722}, from jitsi-lgpl-dependencies) is not published on Maven Central; this
 * class replaces them with Parley's Java G.722. FMJ makes codecs by class name, falling back to the
 * thread's context class loader, which is libjitsi's during a stream's set-up: the classes live in
 * this fragment of libjitsi so that that loader finds them.
 */
public final class LibJitsiCodecs {

    private static final List<String> JNI_G722 = List.of("org.jitsi.impl.neomedia.codec.audio.g722.JNIEncoderImpl",
            "org.jitsi.impl.neomedia.codec.audio.g722.JNIDecoderImpl");

    private LibJitsiCodecs() {
    }

    /** Registers the Java G.722 encoder and decoder with FMJ in place of libjitsi's JNI ones (after {@code LibJitsi.start()}). */
    public static void useJavaG722() {
        for (String jni : JNI_G722) {
            PlugInManager.removePlugIn(jni, PlugInManager.CODEC);
        }
        for (Codec codec : List.<Codec>of(new JavaEncoder(), new JavaDecoder())) {
            String name = codec.getClass().getName();
            PlugInManager.removePlugIn(name, PlugInManager.CODEC);
            PlugInManager.addPlugIn(name, codec.getSupportedInputFormats(), codec.getSupportedOutputFormats(null),
                    PlugInManager.CODEC);
        }
    }
}
