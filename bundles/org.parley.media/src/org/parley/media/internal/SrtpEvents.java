package org.parley.media.internal;

import java.util.function.Consumer;
import java.util.logging.Logger;

import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.event.SrtpListener;
import org.jitsi.utils.MediaType;

/**
 * Logs libjitsi's SRTP events under the name of a key exchange and passes on the two that change a
 * session's security: the keys are agreed (with the cipher), or the exchange failed (with why).
 * libjitsi calls it on its own threads.
 */
final class SrtpEvents implements SrtpListener {

    private static final Logger LOG = Logger.getLogger(SrtpEvents.class.getName());

    private final String keyExchange;
    private final Consumer<String> secured;
    private final Consumer<String> failed;

    /**
     * @param keyExchange e.g. {@code ZRTP}, for the log
     * @param secured     told the cipher when SRTP is on
     * @param failed      told why when the exchange failed or the far end never answered it
     */
    SrtpEvents(String keyExchange, Consumer<String> secured, Consumer<String> failed) {
        this.keyExchange = keyExchange;
        this.secured = secured;
        this.failed = failed;
    }

    /** Events that only go to the log. */
    static SrtpEvents logged(String keyExchange) {
        return new SrtpEvents(keyExchange, cipher -> { }, why -> { });
    }

    @Override
    public void securityTurnedOn(MediaType mediaType, String cipher, SrtpControl sender) {
        LOG.fine(keyExchange + " secured " + mediaType + " with " + cipher);
        secured.accept(cipher);
    }

    @Override
    public void securityTurnedOff(MediaType mediaType) {
        LOG.fine(keyExchange + " off for " + mediaType);
    }

    @Override
    public void securityMessageReceived(String message, String i18nMessage, int severity) {
        LOG.info(keyExchange + ": " + message);
        if (severity == SrtpListener.ERROR || severity == SrtpListener.SEVERE) {
            failed.accept(message);
        }
    }

    @Override
    public void securityTimeout(MediaType mediaType) {
        LOG.info(keyExchange + ": the far end does not answer; the media stays unencrypted");
        failed.accept("the far end does not answer " + keyExchange);
    }

    @Override
    public void securityNegotiationStarted(MediaType mediaType, SrtpControl sender) {
        LOG.fine(keyExchange + " negotiation started for " + mediaType);
    }
}
