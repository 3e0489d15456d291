package org.qiao.conformance.translation;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Mtom;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/** Lab results (ORU^R01 over MLLP) become CDA documents in the resident's shared record. */
class LabResultsToCdaTest extends EngineTestSupport {

    static final String REPOSITORY = "2.16.156.10011.0.99.3.1";

    /** A lab result as a hospital LIS sends it (v2.5, UTF-8). */
    static String oru(String controlId, String mrn, String order, String status, String hemoglobin) {
        var now = Hl7.now();
        return "MSH|^~\\&|LIS_A|HOSP_A|QIAO|REGION|" + now + "||ORU^R01^ORU_R01|" + controlId + "|P|2.5||||||UNICODE UTF-8\r"
                + "PID|||" + mrn + "^^^" + HOSP_A + "||刘^备||19700101|M\r"
                + "OBR|1|P" + order + "|F" + order + "|CBC^血常规^LOCAL|||" + now + "|||||||||D0101^张^仲景||||||"
                + now + "|||" + status + "\r"
                + "OBX|1|NM|718-7^血红蛋白^LN||" + hemoglobin + "|g/L|130-175|" + ("98".equals(hemoglobin) ? "L" : "N")
                + "|||" + status + "\r"
                + "OBX|2|NM|6690-2^白细胞计数^LN||6.3|10*9/L|3.5-9.5|N|||" + status + "\r"
                + "OBX|3|ST|LOCAL-7^镜检备注^LOCAL||未见异常||||||" + status + "\r";
    }

    private Identifiable regional(String mrn) throws Exception {
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        throw new AssertionError("no regional id");
    }

    private String feed() throws Exception {
        var mrn = Hl7.unique("L");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "刘", "备"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        return mrn;
    }

    private static Document documents(Identifiable patient, AvailabilityStatus status) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(status));
        return Soap.call(engine, "xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery",
                XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
    }

    private static String uniqueIdOf(Document answer) throws Exception {
        return Soap.text(answer, "//rim:ExtrinsicObject/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value="
                + "'XDSDocumentEntry.uniqueId']/@value");
    }

    private static String retrieve(String uniqueId) throws Exception {
        var request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(REPOSITORY, uniqueId, null));
        var body = Mtom.marshal(new RetrieveDocumentSetRequestTransformer(new EbXMLFactory30()).toEbXML(request).getInternal());
        var answer = Mtom.post(engine, "xds-iti43", "urn:ihe:iti:2007:RetrieveDocumentSet", body.getKey(), body.getValue());
        var href = Soap.text(Soap.parse(answer.xml()), "//xds:DocumentResponse/xds:Document/*[local-name()='Include']/@href");
        return new String(answer.part(href), StandardCharsets.UTF_8);
    }

    /** Sends with Debian's mllp_send, as a hospital integrator would. */
    private static String mllpSend(String message) throws Exception {
        var file = Files.createTempFile("oru-", ".hl7");
        Files.writeString(file, message.replace("\r", "\n"), StandardCharsets.UTF_8);
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.replace("\u000b", "").replace("\u001c", "");
    }

    @Test
    void aLabResultBecomesARetrievableCdaDocumentExactlyOnce() throws Exception {
        var mrn = feed();
        var patient = regional(mrn);
        var cid = Hl7.controlId();
        var message = oru(cid, mrn, Hl7.unique("O"), "F", "98");
        var ack = mllpSend(message);
        assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(30)).until(() -> Soap.count(documents(patient, AvailabilityStatus.APPROVED),
                "//rim:ExtrinsicObject") == 1);
        var found = documents(patient, AvailabilityStatus.APPROVED);
        assertThat(Soap.text(found, "//rim:ExtrinsicObject/@mimeType")).isEqualTo("text/xml");
        assertThat(Soap.text(found, "//rim:Classification[@classificationScheme='urn:uuid:f0306f51-975f-434e-a61c-c59651d33983']/@nodeRepresentation"))
                .isEqualTo("11502-2");
        var cda = retrieve(uniqueIdOf(found));
        TranslationClient.assertSchemaValid(cda);
        var doc = Soap.parse(cda);
        assertThat(Soap.text(doc, "/*[local-name()='ClinicalDocument']/*[local-name()='recordTarget']//*[local-name()='id'][1]/@extension"))
                .isEqualTo(patient.getId());
        assertThat(cda).contains("718-7").contains("血红蛋白").contains("value=\"98\"").contains("unit=\"g/L\"")
                .contains("130-175").contains("interpretationCode code=\"L\"").contains("6690-2").contains("未见异常");

        // people read it as HTML
        var html = admin.get("/api/documents/" + uniqueIdOf(found) + "/html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<table").contains("血红蛋白").contains("g/L").contains("130-175")
                .contains("刘备");

        // the same message again (the LIS did not see the ACK): same answer, still one document
        assertThat(mllpSend(message)).isEqualTo(ack);
        Thread.sleep(1500);
        assertThat(Soap.count(documents(patient, AvailabilityStatus.APPROVED), "//rim:ExtrinsicObject")).isEqualTo(1);
    }

    @Test
    void aCorrectedResultReplacesTheFirstReport() throws Exception {
        var mrn = feed();
        var patient = regional(mrn);
        var order = Hl7.unique("O");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, oru(Hl7.controlId(), mrn, order, "F", "98")), "MSA", 1))
                .isEqualTo("AA");
        await().atMost(Duration.ofSeconds(30)).until(() -> Soap.count(documents(patient, AvailabilityStatus.APPROVED),
                "//rim:ExtrinsicObject") == 1);
        var first = uniqueIdOf(documents(patient, AvailabilityStatus.APPROVED));

        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, oru(Hl7.controlId(), mrn, order, "C", "135")), "MSA", 1))
                .isEqualTo("AA");
        await().atMost(Duration.ofSeconds(30)).until(() -> Soap.count(documents(patient, AvailabilityStatus.DEPRECATED),
                "//rim:ExtrinsicObject") == 1);
        assertThat(uniqueIdOf(documents(patient, AvailabilityStatus.DEPRECATED))).isEqualTo(first);
        var current = documents(patient, AvailabilityStatus.APPROVED);
        assertThat(Soap.count(current, "//rim:ExtrinsicObject")).isEqualTo(1);
        assertThat(retrieve(uniqueIdOf(current))).contains("value=\"135\"");
    }

    @Test
    void aResultForAnUnknownPatientWaitsInTheDeadLettersAndIsReplayedAfterTheFeed() throws Exception {
        var mrn = Hl7.unique("L");
        var ack = Mllp.exchange(engine.mllpPort, oru(Hl7.controlId(), mrn, Hl7.unique("O"), "F", "120"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var m : admin.outbox("translation")) {
                if (m.get("status").asText().equals("DEAD") && m.get("payload").asText().contains(mrn)) {
                    return m.get("lastError").asText().contains("Unknown patient");
                }
            }
            return false;
        });
        long id = -1;
        for (var m : admin.outbox("translation")) {
            if (m.get("payload").asText().contains(mrn)) {
                id = m.get("id").asLong();
            }
        }
        var fed = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "刘", "备"));
        assertThat(Hl7.field(fed, "MSA", 1)).isEqualTo("AA");
        var replay = admin.post("/api/outbox/messages/" + id + "/retry");
        assertThat(replay.statusCode()).isEqualTo(200);
        var patient = regional(mrn);
        await().atMost(Duration.ofSeconds(30)).until(() -> Soap.count(documents(patient, AvailabilityStatus.APPROVED),
                "//rim:ExtrinsicObject") == 1);
    }

    /** A clinical document notification with content (MDM^T02 v2.5), as an EMR sends a finished document. */
    static String mdm(String controlId, String mrn, String documentType, String obx) {
        var now = Hl7.now();
        return "MSH|^~\\&|LIS_A|HOSP_A|QIAO|REGION|" + now + "||MDM^T02^MDM_T02|" + controlId + "|P|2.5||||||UNICODE UTF-8\r"
                + "EVN|T02|" + now + "\r"
                + "PID|||" + mrn + "^^^" + HOSP_A + "||刘^备||19700101|M\r"
                + "PV1||I|NEI^301^2\r"
                + "TXA|1|" + documentType + "|TX|" + now + "|||||D0101^张^仲景|||DOC-" + controlId + "||||||AU\r"
                + obx;
    }

    @Test
    void aPdfDischargeSummaryAndATextNoteBecomeDocuments() throws Exception {
        var mrn = feed();
        var patient = regional(mrn);
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n出院小结 PDF 内容\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        var base64 = java.util.Base64.getEncoder().encodeToString(pdf);
        var ack = Mllp.exchange(engine.mllpPort, mdm(Hl7.controlId(), mrn, "DS",
                "OBX|1|ED|PDF^出院小结||^AP^PDF^Base64^" + base64 + "||||||F\r"));
        assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        var text = Mllp.exchange(engine.mllpPort, mdm(Hl7.controlId(), mrn, "CN",
                "OBX|1|TX|NOTE^会诊记录||患者一般情况良好~建议继续观察||||||F\r"));
        assertThat(Hl7.field(text, "MSA", 1)).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(30)).until(() -> Soap.count(documents(patient, AvailabilityStatus.APPROVED),
                "//rim:ExtrinsicObject") == 2);
        var found = documents(patient, AvailabilityStatus.APPROVED);
        var summary = "//rim:ExtrinsicObject[rim:Classification[@classificationScheme='urn:uuid:f0306f51-975f-434e-a61c-c59651d33983']/@nodeRepresentation='18842-5']";
        assertThat(Soap.text(found, summary + "/rim:Classification[@classificationScheme='urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d']/@nodeRepresentation"))
                .isEqualTo("urn:ihe:iti:xds-sd:pdf:2008");
        var summaryId = Soap.text(found, summary + "/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value='XDSDocumentEntry.uniqueId']/@value");
        var summaryCda = retrieve(summaryId);
        TranslationClient.assertSchemaValid(summaryCda);
        var cda = Soap.parse(summaryCda);
        var body = Soap.text(cda, "//*[local-name()='nonXMLBody']/*[local-name()='text']");
        assertThat(Soap.text(cda, "//*[local-name()='nonXMLBody']/*[local-name()='text']/@mediaType")).isEqualTo("application/pdf");
        assertThat(java.util.Base64.getDecoder().decode(body)).isEqualTo(pdf);
        var note = "//rim:ExtrinsicObject[rim:Classification[@classificationScheme='urn:uuid:f0306f51-975f-434e-a61c-c59651d33983']/@nodeRepresentation='11506-3']";
        var noteId = Soap.text(found, note + "/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value='XDSDocumentEntry.uniqueId']/@value");
        var noteCda = retrieve(noteId);
        TranslationClient.assertSchemaValid(noteCda);
        assertThat(noteCda).contains("患者一般情况良好").contains("建议继续观察");
    }

    @Test
    void resultsThatCannotBeReadOrComeFromAnUnknownSystemGetAe() throws Exception {
        var mrn = feed();
        var noObx = oru(Hl7.controlId(), mrn, "X", "F", "1").replaceAll("OBX\\|[^\\r]*\\r", "");
        var ack = Mllp.exchange(engine.mllpPort, noObx);
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(Hl7.segments(ack, "ERR")).isNotEmpty();

        var stranger = oru(Hl7.controlId(), mrn, "X", "F", "1").replace("|LIS_A|HOSP_A|", "|LIS_Z|NOWHERE|");
        var refused = Mllp.exchange(engine.mllpPort, stranger);
        assertThat(Hl7.field(refused, "MSA", 1)).isEqualTo("AE");

        // an OBX-2 value type HL7 does not have, and an OBX without a type for its value: the parser's
        // complaint goes back with the parser's code (102 data type error, 101 required field missing), not as
        // an internal error (207)
        var queuedBefore = admin.outbox("translation").size();
        for (var broken : new String[][] {{"OBX|1|QQ|", "102"}, {"OBX|1||", "101"}}) {
            var cid = Hl7.controlId();
            var bad = oru(cid, mrn, Hl7.unique("O"), "F", "1").replace("OBX|1|NM|", broken[0]);
            var answer = Mllp.exchange(engine.mllpPort, bad);
            assertThat(Hl7.field(answer, "MSA", 1)).as(answer).isEqualTo("AE");
            assertThat(Hl7.field(answer, "MSA", 2)).isEqualTo(cid);
            assertThat(Hl7.field(answer, "ERR", 3)).as(answer).startsWith(broken[1] + "^");
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AE");
        }
        assertThat(admin.outbox("translation").size()).isEqualTo(queuedBefore);
    }
}
