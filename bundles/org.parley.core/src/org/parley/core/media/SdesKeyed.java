package org.parley.core.media;

import java.util.List;

/**
 * A media stream whose SRTP keys can be agreed in SDP (SDES, RFC 4568): the audio of a call
 * ({@link MediaSession}) and its video ({@link VideoSession}) each have keys of their own.
 */
public interface SdesKeyed {

    /**
     * The SRTP keys this stream offers in SDP, one per crypto suite it supports, most preferred
     * first; the same keys each time it is asked, so that a re-offer keeps them. Empty when the
     * engine cannot encrypt this stream: the call then offers it as plain RTP.
     */
    default List<SdesCrypto> sdesOffer() {
        return List.of();
    }

    /**
     * Accepts an SDES offer: takes the first offered suite this stream supports and returns the
     * stream's own key for it, to be sent in the answer (with the offer's tag). From then on the
     * stream is SRTP, from the next start on (or at once if it runs).
     *
     * @throws MediaException if no offered suite is supported
     */
    default SdesCrypto sdesAnswer(List<SdesCrypto> offered) {
        throw new MediaException("This media engine cannot encrypt this stream (SRTP)");
    }

    /**
     * Takes the far end's answer to this stream's {@link #sdesOffer}: its key for the suite it chose
     * (by tag). From then on the stream is SRTP.
     *
     * @throws MediaException if the answer does not match an offered key's tag and suite
     */
    default void sdesAnswered(SdesCrypto answer) {
        throw new MediaException("This media engine cannot encrypt this stream (SRTP)");
    }

    /** Whether the stream is encrypted, and how. */
    default MediaSecurity security() {
        return new MediaSecurity.Unsecured();
    }
}
