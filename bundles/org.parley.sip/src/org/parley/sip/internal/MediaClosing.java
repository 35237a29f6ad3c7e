package org.parley.sip.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.parley.core.media.MediaSession;

/**
 * Closes the media of ended calls on a thread of its own: libjitsi takes milliseconds to close a
 * stream (seconds when it gives up on one), which the account's thread must not spend while the
 * next INVITE waits. What a call announces once its media is closed (its end, with a complete
 * recording) runs after the close.
 */
final class MediaClosing {

    private final ExecutorService closer;
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

    MediaClosing(String account) {
        closer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "parley-sip-media-close-" + account);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Closes {@code session} in the background, then runs {@code afterwards} (also if closing failed). */
    void close(MediaSession session, Runnable afterwards) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                session.close();
            } finally {
                afterwards.run();
            }
        }, closer);
        pending.add(done);
        done.whenComplete((result, failure) -> pending.remove(done));
    }

    /** Waits, at most {@code bound}, until every close started so far has finished, then stops the thread. */
    void finish(Duration bound) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a close that failed or hangs has been reported by the media engine; nothing to wait for
        } finally {
            closer.shutdown();
        }
    }
}
