package org.parley.sip.internal.auth;

import java.util.concurrent.atomic.AtomicInteger;

/** A challenge remembered for the requests that follow, with the nonce count used so far. */
public final class NonceUse {

    private final DigestChallenge challenge;
    private final AtomicInteger count = new AtomicInteger();

    NonceUse(DigestChallenge challenge) {
        this.challenge = challenge;
    }

    public DigestChallenge challenge() {
        return challenge;
    }

    /** The nonce count for the next request with this nonce: 1 for the first. */
    public int nextCount() {
        return count.incrementAndGet();
    }
}
