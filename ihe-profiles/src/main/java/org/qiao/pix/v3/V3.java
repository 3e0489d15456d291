package org.qiao.pix.v3;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * HL7 v3 (XML ITS) helpers shared by the PIX v3 handlers: safe parsing, walking child elements in the
 * urn:hl7-org:v3 namespace, and the transmission wrapper every answer carries (ITI TF-2b 3.44, 3.45).
 */
public final class V3 {

    public static final String NS = "urn:hl7-org:v3";
    /** HL7 v2 table 0357 (message error condition codes), as used in acknowledgementDetail by ITI TF-2b. */
    public static final String ERROR_CODES = "2.16.840.1.113883.12.357";
    public static final String INTERACTION_IDS = "2.16.840.1.113883.1.6";

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private V3() {
    }

    /** A problem in a request, answered with AE and an acknowledgementDetail (code from table 0357). */
    public static final class Problem extends Exception {
        public final String code;
        public final String displayName;
        public final String location;

        public Problem(String text, String code, String displayName, String location) {
            super(text);
            this.code = code;
            this.displayName = displayName;
            this.location = location;
        }

        public static Problem unknownKey(String text, String location) {
            return new Problem(text, "204", "Unknown Key Identifier", location);
        }

        public static Problem missing(String text, String location) {
            return new Problem(text, "101", "Required field missing", location);
        }
    }

    /** Parses an HL7 v3 message; DTDs and external entities are refused. */
    public static Document parse(String xml) throws Problem {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new Problem("Not a well-formed HL7 v3 message: " + e.getMessage(), "100",
                    "Segment sequence error", null);
        }
    }

    public static Document newDocument() {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first child element with this local name in the v3 namespace, or null. */
    public static Element child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** Follows a path of child element names; null when any step is missing. */
    public static Element path(Node from, String... names) {
        var current = from;
        for (var name : names) {
            current = child(current, name);
            if (current == null) {
                return null;
            }
        }
        return (Element) current;
    }

    public static List<Element> children(Node parent, String name) {
        var result = new ArrayList<Element>();
        if (parent == null) {
            return result;
        }
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    /** An attribute's trimmed value, or null when absent or blank. */
    public static String attr(Element e, String name) {
        if (e == null || !e.hasAttribute(name)) {
            return null;
        }
        var v = e.getAttribute(name).trim();
        return v.isEmpty() ? null : v;
    }

    public static String text(Element e) {
        if (e == null) {
            return null;
        }
        var t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    /** Appends a v3 element with attributes given as name, value pairs (null values are left out). */
    public static Element add(Node parent, String name, String... attributes) {
        var doc = parent instanceof Document d ? d : parent.getOwnerDocument();
        var e = doc.createElementNS(NS, name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                e.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
        parent.appendChild(e);
        return e;
    }

    /** Copies an instance identifier (root, extension) under a new name. */
    public static Element copyId(Node parent, String name, Element id) {
        if (id == null) {
            return add(parent, name, "nullFlavor", "NI");
        }
        return add(parent, name, "root", attr(id, "root"), "extension", attr(id, "extension"),
                "nullFlavor", attr(id, "root") == null ? "NI" : null);
    }

    /**
     * Starts an answer: the root element and the transmission wrapper (id, creationTime, interactionId,
     * codes, receiver = the request's sender device, sender = the request's receiver device) and the
     * acknowledgement of the request's id. Returns the root element; the caller adds what follows.
     */
    public static Element answer(Element request, String interaction, String typeCode, List<Problem> problems) {
        var doc = newDocument();
        var root = doc.createElementNS(NS, interaction);
        root.setAttribute("ITSVersion", "XML_1.0");
        doc.appendChild(root);
        add(root, "id", "root", UUID.randomUUID().toString());
        add(root, "creationTime", "value", ZonedDateTime.now(ZoneOffset.UTC).format(TS));
        add(root, "interactionId", "root", INTERACTION_IDS, "extension", interaction);
        add(root, "processingCode", "code", "P");
        add(root, "processingModeCode", "code", "T");
        add(root, "acceptAckCode", "code", "NE");
        device(root, "receiver", "RCV", path(request, "sender", "device"));
        device(root, "sender", "SND", path(request, "receiver", "device"));
        var ack = add(root, "acknowledgement");
        add(ack, "typeCode", "code", typeCode);
        copyId(add(ack, "targetMessage"), "id", child(request, "id"));
        for (var problem : problems) {
            var detail = add(ack, "acknowledgementDetail", "typeCode", "E");
            add(detail, "code", "code", problem.code, "codeSystem", ERROR_CODES, "displayName", problem.displayName);
            add(detail, "text").setTextContent(problem.getMessage());
            if (problem.location != null) {
                add(detail, "location").setTextContent(problem.location);
            }
        }
        return root;
    }

    private static void device(Element root, String name, String typeCode, Element requestDevice) {
        var device = add(add(root, name, "typeCode", typeCode), "device",
                "classCode", "DEV", "determinerCode", "INSTANCE");
        copyId(device, "id", child(requestDevice, "id"));
    }

    public static String serialize(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            var out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("Cannot write HL7 v3 answer", e);
        }
    }

    /** root^extension of an id element, for logs and the journal. */
    public static String idText(Element id) {
        if (id == null) {
            return null;
        }
        var root = attr(id, "root");
        var ext = attr(id, "extension");
        return ext == null ? root : root + "^" + ext;
    }

    /**
     * A name's {@code use} (HL7 v3 EntityNameUse, a set of codes) as HL7 v2.5 XPN-7 name type and XPN-8 name
     * representation (2.A.89, tables 0200 and 4000): L legal → L; IDE ideographic → I, ABC alphabetic → A,
     * SYL syllabic (phonetic, as pinyin is sent in XPN-8 P) → P. Unknown codes give null.
     */
    public static String[] nameUseToXpn(String use) {
        String type = null, representation = null;
        if (use != null) {
            for (var code : use.trim().split("\\s+")) {
                switch (code) {
                    case "L" -> type = "L";
                    case "IDE" -> representation = "I";
                    case "ABC" -> representation = "A";
                    case "SYL" -> representation = "P";
                    default -> { }
                }
            }
        }
        return new String[] {type, representation};
    }

    /** The reverse of {@link #nameUseToXpn}: the {@code use} codes of an XPN-7 / XPN-8 pair, or null. */
    public static String xpnToNameUse(String type, String representation) {
        var codes = new ArrayList<String>();
        if ("L".equals(type)) {
            codes.add("L");
        }
        if (representation != null) {
            switch (representation) {
                case "I" -> codes.add("IDE");
                case "A" -> codes.add("ABC");
                case "P" -> codes.add("SYL");
                default -> { }
            }
        }
        return codes.isEmpty() ? null : String.join(" ", codes);
    }
}
