/**
 * VP8 video through libjitsi's JNI binding to libvpx ({@code org.jitsi.impl.neomedia.codec.video.VPX},
 * private to libjitsi, hence this fragment): a real-time encoder and a decoder that works on plain
 * I420 byte arrays, without libjitsi's FMJ codec chain or FFmpeg. The {@code jnvpx} library must have
 * been loaded beforehand (by {@code LibJitsiNatives.load("jnvpx")}). Only {@code org.parley.media}
 * uses it.
 */
package org.parley.media.libjitsi.vp8;
