package org.parley.sip.internal.auth;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last challenge of each realm, apart for registrar (401) and proxy (407) challenges, since
 * a server can challenge both ways in one realm with different nonces.
 */
public final class Challenges {

    private record Key(boolean proxy, String realm) {
    }

    private final Map<Key, NonceUse> last = new ConcurrentHashMap<>();

    /** Remembers {@code challenge} in place of the realm's previous one; its nonce count starts again. */
    public NonceUse remember(DigestChallenge challenge) {
        NonceUse use = new NonceUse(challenge);
        last.put(new Key(challenge.proxy(), challenge.realm()), use);
        return use;
    }

    /** The remembered proxy challenges (407) or registrar challenges (401). */
    public List<NonceUse> of(boolean proxy) {
        return last.values().stream().filter(use -> use.challenge().proxy() == proxy).toList();
    }

    public void forget(DigestChallenge challenge) {
        last.remove(new Key(challenge.proxy(), challenge.realm()));
    }
}
