/**
 * Loads libjitsi's JNI libraries into libjitsi's own bundle class loader (this package lives in a
 * fragment of {@code org.jitsi.libjitsi}), so that they come from the host's
 * {@code Bundle-NativeCode} and bind to libjitsi's classes, and replaces codecs libjitsi cannot run
 * ({@link org.parley.media.libjitsi.natives.LibJitsiCodecs}). Only {@code org.parley.media} uses it.
 */
package org.parley.media.libjitsi.natives;
