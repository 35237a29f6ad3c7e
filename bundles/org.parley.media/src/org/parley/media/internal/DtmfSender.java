package org.parley.media.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jitsi.service.neomedia.AudioMediaStream;
import org.jitsi.service.neomedia.DTMFMethod;

/**
 * Sends keypad digits as RFC 4733 events, one after another, on a thread of its own so that callers
 * (SIP or UI threads) do not wait. Each digit lasts {@value #TONE_MS} ms and is followed by a gap.
 */
final class DtmfSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DtmfSender.class.getName());

    /** How long each event lasts. */
    static final int TONE_MS = 100;
    /** The time from one digit's start to the next one's: tone, three end packets and a gap. */
    private static final int DIGIT_INTERVAL_MS = 250;
    /** The power level in the events, in -dBm0. */
    private static final int VOLUME = 10;

    private final Supplier<AudioMediaStream> streams;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-media-dtmf");
        thread.setDaemon(true);
        return thread;
    });

    /** @param streams the session's current stream (it changes when the codec changes) */
    DtmfSender(Supplier<AudioMediaStream> streams) {
        this.streams = streams;
    }

    /** Queues {@code digits} (already validated). */
    void send(String digits) {
        executor.execute(() -> {
            for (char digit : digits.toCharArray()) {
                if (!sendOne(digit)) {
                    return;
                }
            }
        });
    }

    private boolean sendOne(char digit) {
        AudioMediaStream stream = streams.get();
        if (stream == null) {
            return false;
        }
        try {
            stream.startSendingDTMF(Dtmf.tone(digit), DTMFMethod.RTP_DTMF, TONE_MS, TONE_MS, VOLUME);
            Thread.sleep(DIGIT_INTERVAL_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not send DTMF digit " + digit, e);
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
