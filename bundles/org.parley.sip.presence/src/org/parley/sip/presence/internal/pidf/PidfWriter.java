package org.parley.sip.presence.internal.pidf;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.parley.core.presence.Availability;
import org.parley.core.presence.PresenceStatus;

/**
 * Writes the user's own status as a PIDF document for PUBLISH (RFC 3903): one tuple whose basic
 * status is {@code open} unless the user is offline, and a person with the RPID activity that
 * says how available they are and the note. {@link PidfReader} reads it back to the same status.
 */
public final class PidfWriter {

    /** The media type of the documents written. */
    public static final String CONTENT_TYPE = "application/pidf+xml";

    private PidfWriter() {
    }

    /**
     * The document for {@code status} of {@code entity} (the user's address of record, e.g.
     * {@code sip:alice@example.org}), in UTF-8.
     */
    public static byte[] write(String entity, PresenceStatus status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setPrefix("dm", PidfReader.DATA_MODEL);
            xml.setPrefix("rpid", PidfReader.RPID);
            xml.setDefaultNamespace(PidfReader.PIDF);
            xml.writeStartElement(PidfReader.PIDF, "presence");
            xml.writeDefaultNamespace(PidfReader.PIDF);
            xml.writeNamespace("dm", PidfReader.DATA_MODEL);
            xml.writeNamespace("rpid", PidfReader.RPID);
            xml.writeAttribute("entity", entity);

            xml.writeStartElement(PidfReader.PIDF, "tuple");
            xml.writeAttribute("id", "parley");
            xml.writeStartElement(PidfReader.PIDF, "status");
            element(xml, PidfReader.PIDF, "basic", status.availability() == Availability.OFFLINE ? "closed" : "open");
            xml.writeEndElement();
            xml.writeEndElement();

            xml.writeStartElement(PidfReader.DATA_MODEL, "person");
            xml.writeAttribute("id", "user");
            Optional<String> activity = activity(status.availability());
            if (activity.isPresent()) {
                xml.writeStartElement(PidfReader.RPID, "activities");
                if (activity.get().equals("dnd")) {
                    element(xml, PidfReader.RPID, "other", "do-not-disturb");
                } else {
                    xml.writeEmptyElement(PidfReader.RPID, activity.get());
                }
                xml.writeEndElement();
            }
            if (status.note().isPresent()) {
                element(xml, PidfReader.DATA_MODEL, "note", status.note().get());
            }
            xml.writeEndElement();

            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a presence document: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The RPID activity for an availability; none for plainly available or offline. */
    private static Optional<String> activity(Availability availability) {
        return Optional.ofNullable(switch (availability) {
            case ON_THE_PHONE -> "on-the-phone";
            case BUSY -> "busy";
            case AWAY -> "away";
            case DO_NOT_DISTURB -> "dnd";
            case AVAILABLE, OFFLINE, UNKNOWN -> null;
        });
    }

    private static void element(XMLStreamWriter xml, String namespace, String name, String text) throws XMLStreamException {
        xml.writeStartElement(namespace, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
