package org.parley.sip.messaging.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.OptionalInt;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * RFC 3994 typing notices ({@code application/im-iscomposing+xml}): writes them, and reads them
 * with a parser that refuses DTDs and external entities (so no entity expansion, no file or
 * network access); callers limit the size before parsing ({@link #MAX_BYTES}).
 */
public final class IsComposing {

    static final String TYPE = "application";
    static final String SUBTYPE = "im-iscomposing+xml";
    static final String NAMESPACE = "urn:ietf:params:xml:ns:im-iscomposing";
    /** Larger notices are refused (413) without parsing; real ones are a few hundred bytes. */
    public static final int MAX_BYTES = 4096;

    /** A notice: active (with its refresh interval, if it has one) or idle. */
    public record Notice(boolean active, OptionalInt refreshSeconds) {
    }

    private IsComposing() {
    }

    /** The XML of a notice; {@code refreshSeconds} only for an active one. */
    public static String write(boolean active, int refreshSeconds) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<isComposing xmlns=\"" + NAMESPACE + "\">\n"
                + "  <state>" + (active ? "active" : "idle") + "</state>\n"
                + "  <contenttype>text/plain</contenttype>\n"
                + (active ? "  <refresh>" + refreshSeconds + "</refresh>\n" : "")
                + "</isComposing>\n";
    }

    /**
     * Reads a notice.
     *
     * @throws IllegalArgumentException if it is not a well-formed isComposing document (or has a DTD)
     */
    public static Notice read(byte[] xml) {
        if (xml.length > MAX_BYTES) {
            throw new IllegalArgumentException("is-composing document too large: " + xml.length + " bytes");
        }
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalArgumentException("not a readable is-composing document: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!"isComposing".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new IllegalArgumentException("not an isComposing document: " + root.getNodeName());
        }
        String state = child(root, "state");
        if (state == null) {
            throw new IllegalArgumentException("isComposing without a state");
        }
        String refresh = child(root, "refresh");
        OptionalInt refreshSeconds = OptionalInt.empty();
        if (refresh != null) {
            try {
                int seconds = Integer.parseInt(refresh.strip());
                if (seconds > 0) {
                    refreshSeconds = OptionalInt.of(seconds);
                }
            } catch (NumberFormatException ignored) {
                // an unreadable refresh is as good as none
            }
        }
        return new Notice(state.strip().equalsIgnoreCase("active"), refreshSeconds);
    }

    private static String child(Element root, String name) {
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && NAMESPACE.equals(element.getNamespaceURI())) {
                return element.getTextContent();
            }
        }
        return null;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder;
    }
}
