package org.parley.sip.internal.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.parley.core.media.Codec;
import org.parley.core.media.RtpFormat;

/**
 * An account's audio codecs, in its order of preference: its {@code codecs} setting (e.g.
 * {@code opus,G722,PCMU,PCMA}) applied to the formats the media engine offers. Codecs the setting
 * leaves out are not offered nor accepted; {@code telephone-event} always follows the audio codecs
 * when the engine offers it, whatever the setting says.
 *
 * @param names the codec names in order of preference, as written in the setting; empty for all
 *              the engine offers, in the engine's order
 */
public record CodecPreferences(List<String> names) {

    /** The audio codecs the setting may name (case does not matter). */
    public static final List<Codec> KNOWN = List.of(Codec.OPUS, Codec.G722, Codec.PCMU, Codec.PCMA);

    /** All the engine offers, in its order: the default. */
    public static final CodecPreferences ENGINE_ORDER = new CodecPreferences(List.of());

    public CodecPreferences {
        names = List.copyOf(names);
    }

    /**
     * Reads a {@code codecs} setting: codec names separated by commas (spaces allowed); blank for
     * {@link #ENGINE_ORDER}. {@code telephone-event} may be named and changes nothing.
     *
     * @throws IllegalArgumentException naming the unknown codecs, if the setting has any
     */
    public static CodecPreferences parse(String setting) {
        Set<String> names = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String name = raw.strip();
            if (name.isEmpty() || name.equalsIgnoreCase(Codec.TELEPHONE_EVENT.name())) {
                continue;
            }
            KNOWN.stream().filter(codec -> codec.name().equalsIgnoreCase(name)).findFirst()
                    .ifPresentOrElse(codec -> names.add(codec.name()), () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown codec" + (unknown.size() > 1 ? "s" : "") + " in the codecs setting: "
                    + String.join(", ", unknown) + " (known: "
                    + String.join(", ", KNOWN.stream().map(Codec::name).toList()) + ")");
        }
        return new CodecPreferences(List.copyOf(names));
    }

    /**
     * The engine's formats that this account uses, in its order of preference, then
     * {@code telephone-event} if the engine offers it.
     */
    public List<RtpFormat> apply(List<RtpFormat> engineFormats) {
        if (names.isEmpty()) {
            return engineFormats;
        }
        List<RtpFormat> formats = new ArrayList<>();
        for (String name : names) {
            engineFormats.stream().filter(format -> named(format, name)).forEach(formats::add);
        }
        engineFormats.stream().filter(SessionDescription::isTelephoneEvent).forEach(formats::add);
        return List.copyOf(formats);
    }

    @Override
    public String toString() {
        return names.isEmpty() ? "the media engine's codecs" : String.join(",", names);
    }

    private static boolean named(RtpFormat format, String name) {
        return format.codec().name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }
}
