/**
 * G.722 at 64 kbit/s in Java (ITU-T G.722's fixed-point steps; its bytes and samples matched
 * spandsp's bit for bit on a test signal) and the FMJ codecs that run it inside libjitsi's media
 * chains, in place of libjitsi's JNI G.722 whose native library is not on Maven Central.
 */
package org.parley.media.libjitsi.g722;
