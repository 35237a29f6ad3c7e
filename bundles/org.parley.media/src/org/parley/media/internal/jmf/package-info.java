/**
 * The glue between Parley's headless audio and FMJ/libjitsi: a push capture device that paces a
 * {@link org.parley.media.internal.audio.SampleGenerator}, a renderer that feeds a
 * {@link org.parley.media.internal.audio.SampleSink}, and the libjitsi media device that uses them.
 */
package org.parley.media.internal.jmf;
