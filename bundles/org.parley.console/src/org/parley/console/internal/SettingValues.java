package org.parley.console.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the values of the account settings that take one of a few words before they are stored,
 * because the bundles reading them fall back to their default on a word they do not know: a typo
 * in {@code presencePolicy=refuse} would otherwise quietly let contacts watch the user.
 */
final class SettingValues {

    private static final Map<String, List<String>> WORDS = Map.of(
            "presencePolicy", List.of("accept", "refuse", "ask", "contacts"),
            "srtp", List.of("off", "optional", "mandatory"),
            "srtpKeyExchange", List.of("sdes", "zrtp", "dtls"),
            "video", List.of("off", "accept", "offer"));

    private SettingValues() {
    }

    /**
     * @throws IllegalArgumentException if {@code key} takes one of a few words (case-insensitive;
     *                                  empty means the default) and {@code value} is none of them
     */
    static void check(String key, String value) {
        List<String> words = WORDS.get(key);
        if (words != null && !value.isBlank() && !words.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(key + " is " + String.join(", ", words.subList(0, words.size() - 1))
                    + " or " + words.get(words.size() - 1) + ", not '" + value + "'");
        }
    }
}
