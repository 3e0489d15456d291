package org.qiao.conformance.translation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.translation.TranslationClient.CLASS_CODE;
import static org.qiao.conformance.translation.TranslationClient.FORMAT_CODE;
import static org.qiao.conformance.translation.TranslationClient.TYPE_CODE;

/**
 * Exam reports (ORU^R01 from a RIS) and discharges (ADT^A03 from an EMR) become CDA documents, each channel only
 * the kinds config/application.yml allows it (RIS_A: exam; EMR_A: note, discharge; LIS_A: lab, note; LIS_B: lab).
 */
class ExamAndDischargeToCdaTest extends EngineTestSupport {

    private static TranslationClient client;

    @BeforeAll
    static void client() {
        client = new TranslationClient(engine, admin);
    }

    @Test
    void aCtReportBecomesASchemaValidImagingReport() throws Exception {
        var mrn = client.feed();
        var patient = client.regional(mrn);
        var ack = client.mllpSend(TranslationClient.ctReport(Hl7.controlId(), mrn, "RIS_A", Hl7.unique("R")));
        assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(30)).until(() -> client.count(patient) == 1);
        var found = client.documents(patient);
        assertThat(TranslationClient.code(found, TYPE_CODE)).isEqualTo("18748-4");
        assertThat(TranslationClient.code(found, CLASS_CODE)).isEqualTo("RAD-01");
        assertThat(TranslationClient.code(found, FORMAT_CODE)).isEqualTo("urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013");
        var cda = client.retrieve(TranslationClient.uniqueId(found));
        TranslationClient.assertSchemaValid(cda);
        var doc = Soap.parse(cda);
        assertThat(Soap.text(doc, "/*[local-name()='ClinicalDocument']/*[local-name()='code']/@code")).isEqualTo("18748-4");
        var section = "//*[local-name()='section'][*[local-name()='code']/@code='%s']";
        assertThat(Soap.text(doc, section.formatted("121070") + "/*[local-name()='text']"))
                .contains("双肺纹理清晰").contains("磨玻璃结节");
        assertThat(Soap.text(doc, section.formatted("121073") + "/*[local-name()='text']"))
                .contains("建议12个月后复查").doesNotContain("双肺纹理清晰");
        assertThat(Soap.text(doc, "//*[local-name()='serviceEvent']/*[local-name()='code']/@displayName")).isEqualTo("胸部CT平扫");
    }

    @Test
    void anAdtA03BecomesASchemaValidDischargeSummary() throws Exception {
        var mrn = client.feed();
        var patient = client.regional(mrn);
        var ack = Mllp.exchange(engine.mllpPort, TranslationClient.discharge(Hl7.controlId(), mrn, "EMR_A", Hl7.unique("V")));
        assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(30)).until(() -> client.count(patient) == 1);
        var found = client.documents(patient);
        assertThat(TranslationClient.code(found, TYPE_CODE)).isEqualTo("18842-5");
        assertThat(TranslationClient.code(found, CLASS_CODE)).isEqualTo("DIS-01");
        assertThat(TranslationClient.code(found, FORMAT_CODE)).isEqualTo("urn:ihe:pcc:xds-ms:2007");
        assertThat(TranslationClient.slot(found, "serviceStartTime")).isEqualTo("20261118093000");
        assertThat(TranslationClient.slot(found, "serviceStopTime")).isEqualTo("20261125100000");
        var cda = client.retrieve(TranslationClient.uniqueId(found));
        TranslationClient.assertSchemaValid(cda);
        var doc = Soap.parse(cda);
        var encounter = "//*[local-name()='componentOf']/*[local-name()='encompassingEncounter']";
        assertThat(Soap.text(doc, encounter + "/*[local-name()='effectiveTime']/*[local-name()='low']/@value")).isEqualTo("20261118093000");
        assertThat(Soap.text(doc, encounter + "/*[local-name()='dischargeDispositionCode']/@code")).isEqualTo("01");
        assertThat(Soap.count(doc, "//*[local-name()='section'][*[local-name()='code']/@code='11535-2']//*[local-name()='observation']"))
                .isEqualTo(2);
        assertThat(cda).contains("原发性高血压").contains("E11.9").contains("心脏超声").contains("王建国");

        // the PIX side of ADT is untouched: an A08 for the same patient is still ITI-8
        var update = Mllp.exchange(engine.mllpPort, Hl7.adt("A08", Hl7.controlId(), mrn + "^^^" + HOSP_A, "孙", "仲谋"));
        assertThat(Hl7.field(update, "MSA", 1)).isEqualTo("AA");
        assertThat(admin.patient("hosp-a-mrn", mrn).get("records").get(0).get("demographics").get("givenName").asText())
                .isEqualTo("仲谋");
    }

    @Test
    void aDocumentTheCdaSchemaRefusesIsNotRegisteredButDeadLetteredWithTheReason() throws Exception {
        var mrn = client.feed();
        var patient = client.regional(mrn);
        // PID-7 written as an ISO date instead of HL7 TS: the CDA birthTime would not be a valid TS
        var report = LabResultsToCdaTest.oru(Hl7.controlId(), mrn, Hl7.unique("O"), "F", "98")
                .replace("||19700101|M", "||1970-01-01|M");
        var ack = Mllp.exchange(engine.mllpPort, report);
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var m : admin.outbox("translation")) {
                if (m.get("payload").asText().contains(mrn) && m.get("status").asText().equals("DEAD")) {
                    return m.get("lastError").asText().contains("not schema-valid");
                }
            }
            return false;
        });
        assertThat(client.count(patient)).isZero();
    }

    @Test
    void aChannelRefusesTranslationsItIsNotConfiguredFor() throws Exception {
        var mrn = client.feed();
        var patient = client.regional(mrn);
        // LIS_B translates lab results only: an imaging report from it is refused
        var exam = TranslationClient.ctReport(Hl7.controlId(), mrn, "LIS_B", Hl7.unique("R")).replace("|LIS_B|HOSP_A|", "|LIS_B|HOSP_B|");
        var ack = client.mllpSend(exam);
        assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        var err = String.join("\r", Hl7.segments(ack, "ERR"));
        assertThat(err).contains("MSH^1^9").contains("200").contains("not configured for exam translations");

        // LIS_A translates lab results and notes, not discharges
        var discharge = Mllp.exchange(engine.mllpPort, TranslationClient.discharge(Hl7.controlId(), mrn, "LIS_A", Hl7.unique("V")));
        assertThat(Hl7.field(discharge, "MSA", 1)).isEqualTo("AE");
        assertThat(String.join("\r", Hl7.segments(discharge, "ERR"))).contains("not configured for discharge translations");

        // a discharge without its discharge date cannot become a summary
        var noDate = TranslationClient.discharge(Hl7.controlId(), mrn, "EMR_A", Hl7.unique("V"))
                .replace("|20261125100000\r", "|\r");
        var refused = Mllp.exchange(engine.mllpPort, noDate);
        assertThat(Hl7.field(refused, "MSA", 1)).isEqualTo("AE");
        assertThat(String.join("\r", Hl7.segments(refused, "ERR"))).contains("PV1^1^45").contains("PV1-45");

        // nothing was queued for any of them
        Thread.sleep(1500);
        assertThat(client.count(patient)).isZero();
    }
}
