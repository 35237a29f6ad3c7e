package org.parley.sip.presence.internal.pidf;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/**
 * Reads a presence document (PIDF, RFC 3863) into a status: online when a tuple's basic status is
 * {@code open}, refined by the person's RPID activities (RFC 4480), with the person's note (else a
 * tuple's). Hostile documents are refused before they cost anything: no DTD (so no entity
 * expansion and no external entities), at most {@value #MAX_BYTES} bytes, {@value #MAX_DEPTH}
 * levels and {@value #MAX_ELEMENTS} elements.
 */
public final class PidfReader {

    /** The largest document read. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 32;
    static final int MAX_ELEMENTS = 10_000;
    static final int MAX_NOTE = 1_000;

    static final String PIDF = "urn:ietf:params:xml:ns:pidf";
    static final String DATA_MODEL = "urn:ietf:params:xml:ns:pidf:data-model";
    static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";

    private static final Set<String> BUSY = Set.of("busy", "meeting", "appointment", "performance",
            "presentation", "worship");
    private static final Set<String> AWAY = Set.of("away", "vacation", "holiday", "sleeping", "meal", "breakfast",
            "lunch", "dinner", "travel", "steering", "permanent-absence", "in-transit", "looking-for-work");

    private PidfReader() {
    }

    /**
     * The status a presence document describes.
     *
     * @throws PidfException if the document is malformed, too large or uses a DTD
     */
    public static PresenceStatus read(byte[] document) throws PidfException {
        if (document.length > MAX_BYTES) {
            throw new PidfException("presence document of " + document.length + " bytes refused (at most " + MAX_BYTES + ")");
        }
        Facts facts = scan(document);
        if (!facts.sawPresence) {
            throw new PidfException("not a PIDF document (no <presence> element in " + PIDF + ")");
        }
        boolean online = facts.basics.contains("open");
        Availability availability = online ? availability(facts.activities) : Availability.OFFLINE;
        Optional<String> note = facts.personNote.or(() -> facts.tupleNote);
        return new PresenceStatus(availability, note);
    }

    private static Availability availability(List<String> activities) {
        if (activities.contains("on-the-phone")) {
            return Availability.ON_THE_PHONE;
        }
        if (activities.contains("dnd") || activities.contains("do-not-disturb")) {
            return Availability.DO_NOT_DISTURB;
        }
        if (activities.stream().anyMatch(BUSY::contains)) {
            return Availability.BUSY;
        }
        if (activities.stream().anyMatch(AWAY::contains)) {
            return Availability.AWAY;
        }
        return Availability.AVAILABLE;
    }

    /** What the document says, gathered in one pass. */
    private static final class Facts {
        boolean sawPresence;
        final List<String> basics = new ArrayList<>();
        /** RPID activities by local name; the text of {@code <rpid:other>}, lower case, for the rest. */
        final List<String> activities = new ArrayList<>();
        Optional<String> personNote = Optional.empty();
        Optional<String> tupleNote = Optional.empty();
    }

    private static Facts scan(byte[] document) throws PidfException {
        Facts facts = new Facts();
        Deque<String> open = new ArrayDeque<>();
        int elements = 0;
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(document));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new PidfException("presence document with a DTD refused (entities are not allowed)");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new PidfException("presence document with an entity reference refused");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    open.pop();
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (++elements > MAX_ELEMENTS || open.size() >= MAX_DEPTH) {
                    throw new PidfException("presence document refused: more than " + MAX_ELEMENTS
                            + " elements or " + MAX_DEPTH + " levels");
                }
                String namespace = String.valueOf(reader.getNamespaceURI());
                String name = reader.getLocalName();
                String parent = open.isEmpty() ? "" : open.peek();
                String key = namespace + " " + name;
                open.push(key);
                if (key.equals(PIDF + " presence") && open.size() == 1) {
                    facts.sawPresence = true;
                } else if (key.equals(PIDF + " basic")) {
                    facts.basics.add(text(reader, open).toLowerCase(Locale.ROOT));
                } else if (namespace.equals(RPID) && parent.equals(RPID + " activities")) {
                    facts.activities.add(name.equals("other") ? text(reader, open).toLowerCase(Locale.ROOT) : name);
                } else if (name.equals("note") && (namespace.equals(PIDF) || namespace.equals(DATA_MODEL))) {
                    Optional<String> note = Optional.of(text(reader, open)).map(String::strip).filter(s -> !s.isEmpty())
                            .map(s -> s.length() > MAX_NOTE ? s.substring(0, MAX_NOTE) : s);
                    if (open.contains(DATA_MODEL + " person")) {
                        facts.personNote = facts.personNote.or(() -> note);
                    } else {
                        facts.tupleNote = facts.tupleNote.or(() -> note);
                    }
                }
            }
            return facts;
        } catch (XMLStreamException | RuntimeException e) {
            throw new PidfException("malformed presence document: " + e.getMessage(), e);
        } finally {
            close(reader);
        }
    }

    /** The text of the element just started, up to its end (which is consumed, so it is popped here). */
    private static String text(XMLStreamReader reader, Deque<String> open) throws XMLStreamException, PidfException {
        StringBuilder text = new StringBuilder();
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    text.append(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    open.pop();
                    return text.toString().strip();
                }
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw new PidfException("presence document with an entity reference refused");
                case XMLStreamConstants.START_ELEMENT ->
                    throw new PidfException("unexpected <" + reader.getLocalName() + "> inside a text element");
                default -> {
                }
            }
        }
        throw new PidfException("presence document ends inside an element");
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was written; nothing to lose
            }
        }
    }

    /** StAX factories are not promised to be thread-safe, and making one costs more than a small document. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(PidfReader::newSafeFactory);

    private static XMLInputFactory newSafeFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
