/** Headless audio: generated and file sources, file and discarding sinks, WAV reading and writing. */
package org.parley.media.internal.audio;
