package org.parley.sip.internal.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP body cut into its session part and its media sections (RFC 4566 section 5): each with its
 * connection address and attributes, a media section also with its {@code m=} line. What the lines
 * mean is left to {@link Sdp}.
 *
 * @param session the lines before the first {@code m=} line
 * @param media   one section per {@code m=} line, in order
 * @param version the {@code o=} line's session version (0 when unreadable)
 */
record SdpSections(Section session, List<Section> media, long version) {

    /**
     * One part of the body.
     *
     * @param mediaLine  the {@code m=} line's fields (media, port, profile, formats...); empty for the session part
     * @param connection the address of its {@code c=} line, if it has one
     * @param attributes its {@code a=} lines without {@code a=}, in order
     */
    record Section(List<String> mediaLine, Optional<String> connection, List<String> attributes) {

        /** The media, e.g. {@code audio}; empty for the session part. */
        String kind() {
            return mediaLine.isEmpty() ? "" : mediaLine.get(0);
        }

        /** The values of the attributes named {@code name} ({@code a=name:value}), in order. */
        List<String> values(String name) {
            String prefix = name + ":";
            return attributes.stream().filter(attribute -> attribute.startsWith(prefix))
                    .map(attribute -> attribute.substring(prefix.length()).strip()).toList();
        }

        /** The first value of the attributes named {@code name}. */
        Optional<String> value(String name) {
            return values(name).stream().findFirst();
        }

        /** Whether it has the property attribute {@code a=name}. */
        boolean has(String name) {
            return attributes.contains(name);
        }
    }

    /**
     * Cuts a body into sections.
     *
     * @throws IllegalArgumentException if a {@code c=} line is malformed
     */
    static SdpSections parse(String body) {
        List<Section> media = new ArrayList<>();
        List<String> mediaLine = List.of();
        Optional<String> connection = Optional.empty();
        List<String> attributes = new ArrayList<>();
        Section session = null;
        long version = 0;
        for (String rawLine : body.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 'o' -> version = version(value);
                case 'c' -> connection = Optional.of(connectionAddress(value));
                case 'a' -> attributes.add(value.strip());
                case 'm' -> {
                    Section done = new Section(mediaLine, connection, List.copyOf(attributes));
                    if (session == null) {
                        session = done;
                    } else {
                        media.add(done);
                    }
                    mediaLine = List.of(value.strip().split("\\s+"));
                    connection = Optional.empty();
                    attributes.clear();
                }
                default -> {
                    // other lines (v, s, t, b, ...) say nothing this side uses
                }
            }
        }
        Section last = new Section(mediaLine, connection, List.copyOf(attributes));
        if (session == null) {
            session = last;
        } else {
            media.add(last);
        }
        return new SdpSections(session, List.copyOf(media), version);
    }

    /** The first media section of a kind, e.g. {@code audio}. */
    Optional<Section> first(String kind) {
        return media.stream().filter(section -> section.kind().equals(kind)).findFirst();
    }

    /** The connection address that holds for a media section: its own, else the session's. */
    Optional<String> connectionOf(Section section) {
        return section.connection().or(session::connection);
    }

    private static String connectionAddress(String value) {
        String[] fields = value.split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("Malformed c= line: c=" + value);
        }
        return fields[2].split("/")[0];
    }

    private static long version(String value) {
        String[] fields = value.split("\\s+");
        try {
            return fields.length > 2 ? Long.parseLong(fields[2]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
