package org.parley.media.libjitsi.natives;

import java.lang.reflect.Method;

/**
 * Loads a JNI library of libjitsi through libjitsi's bundle class loader.
 * <p>
 * libjitsi's own loader ({@code org.jitsi.util.OSUtils}) only asks the OSGi framework for a library
 * when its class loader's class name contains "Bundle"; Equinox's is called
 * {@code EquinoxClassLoader}, so libjitsi falls back to unpacking the library with JNA and loading it
 * from jitsi-utils' class loader, where libjitsi's {@code native} methods cannot see it. This class
 * is part of a fragment of {@code org.jitsi.libjitsi}, so it is defined by libjitsi's class loader:
 * {@link System#loadLibrary(String)} called from here asks that loader, which finds the library in
 * the host's {@code Bundle-NativeCode}, and binds it to libjitsi's classes.
 */
public final class LibJitsiNatives {

    private static final String OPUS_CLASS = "org.jitsi.impl.neomedia.codec.audio.opus.Opus";

    private LibJitsiNatives() {
    }

    /**
     * Loads a JNI library of libjitsi, e.g. {@code jnopus}.
     *
     * @param name the library's name without prefix or suffix
     * @throws UnsatisfiedLinkError if the library is not in libjitsi's {@code Bundle-NativeCode} for
     *                              this platform or cannot be loaded
     */
    public static void load(String name) {
        System.loadLibrary(name);
    }

    /**
     * Loads {@code jnopus} and checks that libjitsi's Opus binding works by creating and destroying
     * an encoder.
     *
     * @return {@code null} if Opus works, else why it does not
     */
    public static String loadOpus() {
        try {
            load("jnopus");
            Class<?> opus = Class.forName(OPUS_CLASS, true, LibJitsiNatives.class.getClassLoader());
            Method create = opus.getMethod("encoder_create", int.class, int.class);
            Method destroy = opus.getMethod("encoder_destroy", long.class);
            long encoder = (Long) create.invoke(null, 48000, 1);
            if (encoder == 0) {
                return "opus_encoder_create returned no encoder";
            }
            destroy.invoke(null, encoder);
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getName() + ": " + cause.getMessage();
        }
    }
}
