package org.parley.media.internal;

import java.util.Locale;

import org.jitsi.service.neomedia.DTMFTone;

/** Keypad digits and their libjitsi tones. */
final class Dtmf {

    private static final String DIGITS = "0123456789*#ABCD";

    private Dtmf() {
    }

    /**
     * The tone for a keypad digit.
     *
     * @throws IllegalArgumentException if {@code digit} is not 0-9, *, #, A-D
     */
    static DTMFTone tone(char digit) {
        char upper = Character.toUpperCase(digit);
        if (DIGITS.indexOf(upper) < 0) {
            throw new IllegalArgumentException("Not a keypad digit: '" + digit + "'");
        }
        return DTMFTone.getDTMFTone(String.valueOf(upper));
    }

    /** Checks every digit of {@code digits}. */
    static void validate(String digits) {
        for (char digit : digits.toCharArray()) {
            tone(digit);
        }
    }

    /** The digit a received tone's value names, or none if it names no keypad digit. */
    static java.util.Optional<Character> digit(String value) {
        if (value == null || value.length() != 1
                || DIGITS.indexOf(value.toUpperCase(Locale.ROOT).charAt(0)) < 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(value.toUpperCase(Locale.ROOT).charAt(0));
    }
}
