package org.qiao.conformance.v3;

import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Soap;
import org.w3c.dom.Document;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PIX v3 client as hospital systems are: it writes HL7 v3 messages (identity domains of config/application.yml)
 * and sends them in SOAP 1.2 with WS-Addressing, either with curl or with java.net.http.
 */
final class V3Client {

    static final String HOSP_A = "2.16.156.10011.0.99.2.1";
    static final String HOSP_B = "2.16.156.10011.0.99.2.2";
    static final String NATIONAL_ID = "2.16.156.10011.1.3";
    static final String HEALTH_CARD = "2.16.156.10011.1.19";
    static final String REGIONAL = "2.16.156.10011.0.99.1";

    static final String QUERY = "PRPA_IN201309UV02";
    static final String ADD = "PRPA_IN201301UV02";
    static final String REVISE = "PRPA_IN201302UV02";
    static final String MERGE = "PRPA_IN201304UV02";

    private static final Map<String, String> NS = Map.of(
            "hl7", "urn:hl7-org:v3",
            "soap", "http://www.w3.org/2003/05/soap-envelope",
            "wsa", "http://www.w3.org/2005/08/addressing");

    private final Engine engine;

    V3Client(Engine engine) {
        this.engine = engine;
    }

    static String action(String interaction) {
        return "urn:hl7-org:v3:" + interaction;
    }

    /** The HTTP status and body of an answer. */
    record Answer(int status, String body) {
        Document xml() throws Exception {
            return Soap.parse(body);
        }
    }

    /** POSTs with curl, the way an integrator tries a door by hand. */
    Answer curl(String service, String action, String envelope) throws Exception {
        var file = Files.createTempFile("v3-", ".xml");
        try {
            Files.writeString(file, envelope, StandardCharsets.UTF_8);
            var process = new ProcessBuilder("curl", "-s", "-S", "--max-time", "60",
                    "-H", "Content-Type: application/soap+xml; charset=UTF-8; action=\"" + action + "\"",
                    "--data-binary", "@" + file, "-w", "\n%{http_code}", engine.url("/services/" + service))
                    .redirectErrorStream(true).start();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("curl failed: " + out);
            }
            int cut = out.lastIndexOf('\n');
            return new Answer(Integer.parseInt(out.substring(cut + 1).trim()), out.substring(0, cut));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** POSTs with java.net.http. */
    Answer http(String service, String action, String envelope) throws Exception {
        var r = Soap.post(engine.url("/services/" + service), action, envelope);
        return new Answer(r.statusCode(), r.body());
    }

    String envelope(String service, String interaction, String body) {
        return Soap.envelope(action(interaction), engine.url("/services/" + service), body);
    }

    /** ITI-45: an identifier (domain OID, value) and the data source domains asked for. */
    static String query(String root, String extension, String... dataSources) {
        var sources = new StringBuilder();
        for (var s : dataSources) {
            sources.append("<dataSource><value root=\"").append(s).append("\"/><semanticsText>DataSource.id</semanticsText></dataSource>");
        }
        return header(QUERY, "PRPA_TE201309UV02")
                + "<authorOrPerformer typeCode=\"AUT\"><assignedPerson classCode=\"ASSIGNED\"><id root=\"" + HOSP_A
                + ".77\"/></assignedPerson></authorOrPerformer>"
                + "<queryByParameter><queryId root=\"" + HOSP_A + ".78\" extension=\"" + Hl7.controlId() + "\"/>"
                + "<statusCode code=\"new\"/><responsePriorityCode code=\"I\"/><parameterList>" + sources
                + "<patientIdentifier><value root=\"" + root + "\" extension=\"" + extension + "\"/>"
                + "<semanticsText>Patient.id</semanticsText></patientIdentifier>"
                + "</parameterList></queryByParameter></controlActProcess></" + QUERY + ">";
    }

    /**
     * ITI-44 add or revise: {@code ids} are root, extension pairs for patient/id; {@code otherIds} the same for
     * patientPerson/asOtherIDs.
     */
    static String feed(String interaction, List<Id> ids, List<Id> otherIds, String family, String given) {
        return feed(interaction, UUID.randomUUID().toString(), ids, otherIds, family, given, null);
    }

    static String feed(String interaction, String messageId, List<Id> ids, List<Id> otherIds,
                       String family, String given, Id priorId) {
        var code = switch (interaction) {
            case ADD -> "PRPA_TE201301UV02";
            case REVISE -> "PRPA_TE201302UV02";
            default -> "PRPA_TE201304UV02";
        };
        var xml = new StringBuilder(header(interaction, code, messageId));
        xml.append("<subject typeCode=\"SUBJ\"><registrationEvent classCode=\"REG\" moodCode=\"EVN\">")
                .append("<id nullFlavor=\"NA\"/><statusCode code=\"active\"/>")
                .append("<subject1 typeCode=\"SBJ\"><patient classCode=\"PAT\">");
        for (var id : ids) {
            xml.append("<id root=\"").append(id.root()).append("\" extension=\"").append(id.extension()).append("\"/>");
        }
        xml.append("<statusCode code=\"active\"/><patientPerson classCode=\"PSN\" determinerCode=\"INSTANCE\">");
        if (family != null) {
            xml.append("<name><given>").append(given).append("</given><family>").append(family).append("</family></name>");
        }
        xml.append("<administrativeGenderCode code=\"F\"/><birthTime value=\"19850612\"/>")
                .append("<addr><streetAddressLine>建设路88号</streetAddressLine><city>成都市</city><state>四川</state>")
                .append("<postalCode>610000</postalCode><country>CHN</country></addr>");
        for (var id : otherIds) {
            xml.append("<asOtherIDs classCode=\"PAT\"><id root=\"").append(id.root()).append("\" extension=\"")
                    .append(id.extension()).append("\"/><scopingOrganization classCode=\"ORG\" determinerCode=\"INSTANCE\">")
                    .append("<id root=\"").append(id.root()).append("\"/></scopingOrganization></asOtherIDs>");
        }
        xml.append("</patientPerson><providerOrganization classCode=\"ORG\" determinerCode=\"INSTANCE\">")
                .append("<id root=\"").append(ids.get(0).root()).append("\"/><contactParty classCode=\"CON\"/>")
                .append("</providerOrganization></patient></subject1>")
                .append("<custodian typeCode=\"CST\"><assignedEntity classCode=\"ASSIGNED\"><id root=\"")
                .append(ids.get(0).root()).append("\"/></assignedEntity></custodian>");
        if (priorId != null) {
            xml.append("<replacementOf typeCode=\"RPLC\"><priorRegistration classCode=\"REG\" moodCode=\"EVN\">")
                    .append("<statusCode code=\"obsolete\"/><subject1 typeCode=\"SBJ\">")
                    .append("<priorRegisteredRole classCode=\"PAT\"><id root=\"").append(priorId.root())
                    .append("\" extension=\"").append(priorId.extension()).append("\"/></priorRegisteredRole>")
                    .append("</subject1></priorRegistration></replacementOf>");
        }
        xml.append("</registrationEvent></subject></controlActProcess></").append(interaction).append(">");
        return xml.toString();
    }

    private static String header(String interaction, String triggerCode) {
        return header(interaction, triggerCode, UUID.randomUUID().toString());
    }

    private static String header(String interaction, String triggerCode, String messageId) {
        return "<" + interaction + " xmlns=\"urn:hl7-org:v3\" ITSVersion=\"XML_1.0\">"
                + "<id root=\"" + HOSP_A + ".9\" extension=\"" + messageId + "\"/>"
                + "<creationTime value=\"" + Hl7.now() + "\"/>"
                + "<interactionId root=\"2.16.840.1.113883.1.6\" extension=\"" + interaction + "\"/>"
                + "<processingCode code=\"P\"/><processingModeCode code=\"T\"/><acceptAckCode code=\"AL\"/>"
                + "<receiver typeCode=\"RCV\"><device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<id root=\"2.16.156.10011.0.99\"/></device></receiver>"
                + "<sender typeCode=\"SND\"><device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<id root=\"" + HOSP_A + ".9\"/></device></sender>"
                + "<controlActProcess classCode=\"CACT\" moodCode=\"EVN\">"
                + "<code code=\"" + triggerCode + "\" codeSystem=\"2.16.840.1.113883.1.6\"/>";
    }

    /** An instance identifier: the domain OID and the value. */
    record Id(String root, String extension) {
    }

    static Id id(String root, String extension) {
        return new Id(root, extension);
    }

    static String text(Object context, String xpath) throws Exception {
        return (String) xpath().evaluate(xpath, context, XPathConstants.STRING);
    }

    /** root^extension of each element the path selects. */
    static List<String> ids(Object context, String xpath) throws Exception {
        var list = (org.w3c.dom.NodeList) xpath().evaluate(xpath, context, XPathConstants.NODESET);
        var out = new ArrayList<String>();
        for (int i = 0; i < list.getLength(); i++) {
            var e = (org.w3c.dom.Element) list.item(i);
            out.add(e.getAttribute("root") + "^" + e.getAttribute("extension"));
        }
        return out;
    }

    private static javax.xml.xpath.XPath xpath() {
        var x = XPathFactory.newInstance().newXPath();
        x.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NS.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return x;
    }
}
