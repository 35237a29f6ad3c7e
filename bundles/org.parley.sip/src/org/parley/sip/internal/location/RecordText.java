package org.parley.sip.internal.location;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fields of DNS records in presentation form (RFC 1035 master-file syntax), as JNDI gives them. */
final class RecordText {

    private RecordText() {
    }

    /** The fields of a record, a quoted character-string being one field without its quotes. */
    static List<String> split(String text) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    field.append(text.charAt(i++));
                }
                fields.add(field.toString());
                i++;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                fields.add(text.substring(i, end));
                i = end;
            }
        }
        return fields;
    }

    static int number(String field, String record) {
        try {
            int value = Integer.parseInt(field);
            if (value < 0 || value > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a 16-bit number '" + field + "' in " + record);
        }
    }

    /** A domain name in lower case without its final dot; the root ({@code .}) is empty. */
    static String domainName(String field) {
        String name = field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
        return name.toLowerCase(Locale.ROOT);
    }
}
