package org.qiao.audit;

import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.types.CodedValueType;
import org.openehealth.ipf.commons.audit.unmarshal.dicom.DICOMAuditParser;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;

/**
 * Reads the XML of an audit message (the MSG of an ATNA syslog message) into an {@link AuditRecord}.
 * DICOM PS3.15 A.5 messages go straight to IPF's {@link DICOMAuditParser}; old RFC 3881 messages differ from
 * them mainly in the attribute name of coded values ({@code code} instead of {@code csd-code}), so what IPF refuses
 * is tried once more with its coded values normalized. Anything it cannot read raises
 * {@link IllegalArgumentException} with the reason.
 */
public class AuditMessageReader {

    private final DICOMAuditParser parser = new DICOMAuditParser();

    public AuditRecord read(String text) {
        var xml = xmlPart(text);
        // audit messages have no DTD; refusing it keeps entity expansion and external fetches out of reach
        if (xml.toUpperCase(Locale.ROOT).contains("<!DOCTYPE")) {
            throw new IllegalArgumentException("DOCTYPE is not allowed in an audit message");
        }
        AuditMessage message;
        try {
            message = parser.parse(xml, false);
        } catch (RuntimeException strict) {
            // IPF wants every coded value complete and in DICOM's attribute names; be lenient with what nodes send
            var lenient = normalizeCodes(xml);
            try {
                message = parser.parse(lenient, false);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a DICOM audit message: " + rootMessage(e), e);
            }
        }
        return toRecord(message);
    }

    /** The XML within the text: syslog senders that are not RFC 5424 put a header of their own before it. */
    private static String xmlPart(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty message");
        }
        var s = text.replace("\uFEFF", "").strip();
        if (s.startsWith("<?xml") || s.startsWith("<AuditMessage")) {
            return s;
        }
        int start = s.indexOf("<?xml");
        if (start < 0) {
            start = s.indexOf("<AuditMessage");
        }
        if (start < 0) {
            throw new IllegalArgumentException("no audit message XML");
        }
        return s.substring(start);
    }

    /** The record of an audit message IPF's model already holds (this engine's own). */
    public static AuditRecord record(AuditMessage message) {
        return toRecord(message);
    }

    private static AuditRecord toRecord(AuditMessage m) {
        var ei = m.getEventIdentification();
        if (ei == null) {
            throw new IllegalArgumentException("no EventIdentification");
        }
        var participants = new LinkedHashSet<AuditParticipant>();
        for (var ap : m.getActiveParticipants()) {
            add(participants, AuditParticipant.Kind.USER, ap.getUserID());
            add(participants, AuditParticipant.Kind.USER, ap.getAlternativeUserID());
            add(participants, AuditParticipant.Kind.USER, ap.getUserName());
            add(participants, AuditParticipant.Kind.NODE, ap.getNetworkAccessPointID());
        }
        for (var po : m.getParticipantObjectIdentifications()) {
            add(participants, isPatient(po.getParticipantObjectTypeCodeRole(), po.getParticipantObjectIDTypeCode())
                    ? AuditParticipant.Kind.PATIENT : AuditParticipant.Kind.OBJECT, po.getParticipantObjectID());
        }
        var eventTypes = new ArrayList<AuditCode>();
        ei.getEventTypeCode().forEach(t -> eventTypes.add(code(t)));
        var source = m.getAuditSourceIdentification();
        return new AuditRecord(code(ei.getEventID()), eventTypes,
                ei.getEventActionCode() == null ? null : ei.getEventActionCode().getValue(),
                ei.getEventOutcomeIndicator().getValue(), ei.getEventDateTime(),
                source == null ? null : source.getAuditSourceID(), new ArrayList<>(participants));
    }

    /** Role 1 (Patient), or an id of type 2 (RFC-3881 Patient Number) as some senders leave the role out. */
    private static boolean isPatient(ParticipantObjectTypeCodeRole role, CodedValueType idType) {
        return role == ParticipantObjectTypeCodeRole.Patient
                || role == null && idType != null && "2".equals(idType.getCode());
    }

    private static void add(LinkedHashSet<AuditParticipant> to, AuditParticipant.Kind kind, String value) {
        if (value != null && !value.isBlank()) {
            to.add(new AuditParticipant(kind, value.strip()));
        }
    }

    private static AuditCode code(CodedValueType c) {
        // RFC 3881 names the code in displayName; DICOM requires originalText and makes displayName optional
        var display = blankToNull(c.getDisplayName()) != null ? c.getDisplayName() : blankToNull(c.getOriginalText());
        return new AuditCode(c.getCode(), blankToNull(c.getCodeSystemName()), display);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Coded values as IPF's parser needs them: RFC 3881's {@code code} renamed to DICOM's {@code csd-code}, and a
     * missing codeSystemName or originalText (required by DICOM, often left out) present but empty.
     */
    private static String normalizeCodes(String xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            var document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            NodeList elements = document.getElementsByTagName("*");
            for (int i = 0; i < elements.getLength(); i++) {
                var e = (Element) elements.item(i);
                if (e.hasAttribute("code") && !e.hasAttribute("csd-code")) {
                    e.setAttribute("csd-code", e.getAttribute("code"));
                    e.removeAttribute("code");
                }
                if (e.hasAttribute("csd-code")) {
                    if (!e.hasAttribute("codeSystemName")) {
                        e.setAttribute("codeSystemName", "");
                    }
                    if (!e.hasAttribute("originalText")) {
                        e.setAttribute("originalText", e.getAttribute("displayName"));
                    }
                }
            }
            var transformerFactory = TransformerFactory.newInstance();
            transformerFactory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            transformerFactory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = transformerFactory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            var out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NullPointerException) {
            return "a required element or attribute is missing";
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
