package org.qiao.conformance.translation;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Mtom;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;
import org.w3c.dom.Document;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/** What a hospital and an EHR do around translated documents: feed, send, find (ITI-18), retrieve (ITI-43), check. */
final class TranslationClient {

    static final String REPOSITORY = "2.16.156.10011.0.99.3.1";
    static final String TYPE_CODE = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    static final String CLASS_CODE = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a";
    static final String FORMAT_CODE = "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d";
    /** HL7's CDA R2 schema, from the same Maven Central jar the engine validates with. */
    private static final Schema CDA = cdaSchema();

    private final Engine engine;
    private final AdminClient admin;

    TranslationClient(Engine engine, AdminClient admin) {
        this.engine = engine;
        this.admin = admin;
    }

    /** A new patient of hospital A, fed with ITI-8; returns the MRN. */
    String feed() throws Exception {
        var mrn = Hl7.unique("T");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "孙", "权"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        return mrn;
    }

    Identifiable regional(String mrn) throws Exception {
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        throw new AssertionError("no regional id");
    }

    /** ITI-18 FindDocuments, approved, LeafClass. */
    Document documents(Identifiable patient) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return Soap.call(engine, "xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery", XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
    }

    int count(Identifiable patient) throws Exception {
        return Soap.count(documents(patient), "//rim:ExtrinsicObject");
    }

    static String code(Document found, String scheme) throws Exception {
        return Soap.text(found, "//rim:ExtrinsicObject/rim:Classification[@classificationScheme='" + scheme + "']/@nodeRepresentation");
    }

    static String uniqueId(Document found) throws Exception {
        return Soap.text(found, "//rim:ExtrinsicObject/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value="
                + "'XDSDocumentEntry.uniqueId']/@value");
    }

    static String slot(Document found, String name) throws Exception {
        return Soap.text(found, "//rim:ExtrinsicObject/rim:Slot[@name='" + name + "']/rim:ValueList/rim:Value");
    }

    /** ITI-43 RetrieveDocumentSet of one document, as text. */
    String retrieve(String uniqueId) throws Exception {
        var request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(REPOSITORY, uniqueId, null));
        var body = Mtom.marshal(new RetrieveDocumentSetRequestTransformer(new EbXMLFactory30()).toEbXML(request).getInternal());
        var answer = Mtom.post(engine, "xds-iti43", "urn:ihe:iti:2007:RetrieveDocumentSet", body.getKey(), body.getValue());
        var href = Soap.text(Soap.parse(answer.xml()), "//xds:DocumentResponse/xds:Document/*[local-name()='Include']/@href");
        return new String(answer.part(href), StandardCharsets.UTF_8);
    }

    /** Sends with Debian's mllp_send, as a hospital integrator would. */
    String mllpSend(String message) throws Exception {
        var file = Files.createTempFile("hl7-", ".hl7");
        Files.writeString(file, message.replace("\r", "\n"), StandardCharsets.UTF_8);
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(file);
        return out.replace("\u000b", "").replace("\u001c", "");
    }

    /** Asserts that the text is a CDA R2 document the HL7 schema accepts. */
    static void assertSchemaValid(String cda) throws Exception {
        var validator = CDA.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new StringReader(cda)));
    }

    private static Schema cdaSchema() {
        try {
            var url = TranslationClient.class.getResource("/schemas/hl7cdar2/CDA.xsd");
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(url);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An exam report from hospital A's RIS (v2.5): a chest CT, OBR-24 = CT, findings and impression as TX. */
    static String ctReport(String controlId, String mrn, String sender, String order) {
        var now = Hl7.now();
        return "MSH|^~\\&|" + sender + "|HOSP_A|QIAO|REGION|" + now + "||ORU^R01^ORU_R01|" + controlId + "|P|2.5||||||UNICODE UTF-8\r"
                + "PID|||" + mrn + "^^^" + HOSP_A + "||孙^权||19700101|M\r"
                + "OBR|1|P" + order + "|F" + order + "|CT-CHEST^胸部CT平扫^LOCAL|||" + now + "|||||||||D0087^王^建国||||||"
                + now + "||CT|F\r"
                + "OBX|1|TX|&GDT^检查所见||双肺纹理清晰，走行自然~右肺上叶见一直径约4mm磨玻璃结节||||||F\r"
                + "OBX|2|TX|&IMP^诊断意见||右肺上叶微小磨玻璃结节，建议12个月后复查||||||F\r";
    }

    /** A discharge from hospital A's EMR (ADT^A03 v2.5): stay dates, disposition, two diagnoses, a procedure. */
    static String discharge(String controlId, String mrn, String sender, String visit) {
        var now = Hl7.now();
        return "MSH|^~\\&|" + sender + "|HOSP_A|QIAO|REGION|" + now + "||ADT^A03^ADT_A03|" + controlId + "|P|2.5||||||UNICODE UTF-8\r"
                + "EVN|A03|" + now + "\r"
                + "PID|||" + mrn + "^^^" + HOSP_A + "||孙^权||19700101|M\r"
                + "PV1||I|NEI^301^2||||D0087^王^建国||||||||||||" + visit + "|||||||||||||||||01||||||||20261118093000|20261125100000\r"
                + "DG1|1||I10^原发性高血压^I10||20261118|F\r"
                + "DG1|2||E11.9^2型糖尿病^I10||20261118|F\r"
                + "PR1|1||88.72^心脏超声^I9CP||20261119100000\r";
    }
}
