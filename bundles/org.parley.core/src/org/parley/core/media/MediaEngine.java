package org.parley.core.media;

import java.util.List;

/**
 * Runs the audio (and later video) of calls. One engine serves the whole suite; it is
 * registered with {@link org.parley.core.ServiceProperties#CAPABILITY} = {@code media} and can be
 * replaced at runtime by another implementation.
 */
public interface MediaEngine {

    /** The codecs this engine can encode and decode, in its order of preference. */
    List<Codec> codecs();
}
