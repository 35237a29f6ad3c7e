package org.parley.ui.internal.preferences;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line of an account's codec list: a codec and whether calls use it. The list's order is the
 * order of preference; it is kept in the account setting {@code codecs} as the used codecs' names,
 * comma-separated (empty meaning all the media engine offers, in its order).
 */
record CodecChoice(String name, boolean used) {

    /**
     * The lines a setting shows: the configured codecs first, in their order and used (spelled as the
     * engine spells them when it knows them), then the engine's other codecs, unused.
     *
     * @param setting the {@code codecs} setting; blank: all of {@code known}, used
     * @param known   the codecs the media engine offers, in its order
     */
    static List<CodecChoice> read(String setting, List<String> known) {
        List<CodecChoice> choices = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (setting == null || setting.isBlank()) {
            for (String name : known) {
                if (seen.add(key(name))) {
                    choices.add(new CodecChoice(name, true));
                }
            }
            return choices;
        }
        for (String written : setting.split(",")) {
            String name = written.strip();
            if (!name.isEmpty() && seen.add(key(name))) {
                String spelled = known.stream().filter(k -> key(k).equals(key(name))).findFirst().orElse(name);
                choices.add(new CodecChoice(spelled, true));
            }
        }
        for (String name : known) {
            if (seen.add(key(name))) {
                choices.add(new CodecChoice(name, false));
            }
        }
        return choices;
    }

    /** The setting for these lines: the used codecs' names in order, comma-separated. */
    static String write(List<CodecChoice> choices) {
        return choices.stream().filter(CodecChoice::used).map(CodecChoice::name).collect(Collectors.joining(","));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
