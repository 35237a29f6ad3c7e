package org.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;

/**
 * Keypad tones carried by SIP INFO, for far ends that take no RFC 4733 events: we send
 * {@code application/dtmf-relay} ({@code Signal=5}, {@code Duration=160}); we read that and
 * {@code application/dtmf} (the digit alone).
 */
final class InfoDtmf {

    private static final String DIGITS = "0123456789*#ABCD";
    private static final int DURATION_MILLIS = 160;

    private InfoDtmf() {
    }

    /** Makes {@code info} carry {@code digit}. */
    static void write(Request info, char digit, HeaderFactory headers) throws ParseException {
        info.setContent("Signal=" + digit + "\r\nDuration=" + DURATION_MILLIS + "\r\n",
                headers.createContentTypeHeader("application", "dtmf-relay"));
    }

    /** The digit an INFO carries, if it carries one. */
    static Optional<Character> read(Request info) {
        ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
        byte[] raw = info.getRawContent();
        if (type == null || raw == null || raw.length == 0) {
            return Optional.empty();
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        if (type.getContentSubType().equalsIgnoreCase("dtmf")) {
            return digit(body.strip());
        }
        if (!type.getContentSubType().equalsIgnoreCase("dtmf-relay")) {
            return Optional.empty();
        }
        for (String line : body.split("\r?\n")) {
            String[] parts = line.split("=", 2);
            if (parts.length == 2 && parts[0].strip().equalsIgnoreCase("Signal")) {
                return digit(parts[1].strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<Character> digit(String text) {
        if (text.length() != 1) {
            return Optional.empty();
        }
        char digit = Character.toUpperCase(text.charAt(0));
        return DIGITS.indexOf(digit) >= 0 ? Optional.of(digit) : Optional.empty();
    }
}
