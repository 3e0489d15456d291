package org.qiao.conformance.translation;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.translation.TranslationClient.TYPE_CODE;

/** How a region configures its documents: the WS/T 500 header profile, and which repository channels may name. */
class CdaHeaderProfilesTest {

    @Test
    void withTheWst500ProfileDocumentsCarryChineseHeadersAndStaySchemaValid() throws Exception {
        try (var engine = Engine.start("--qiao.translation.cda-header=wst500")) {
            var client = new TranslationClient(engine, new AdminClient(engine));
            var mrn = client.feed();
            var patient = client.regional(mrn);
            var ack = Mllp.exchange(engine.mllpPort, LabResultsToCdaTest.oru(Hl7.controlId(), mrn, Hl7.unique("O"), "F", "98")
                    .replace("刘^备", "孙^权"));
            assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            var discharge = Mllp.exchange(engine.mllpPort, TranslationClient.discharge(Hl7.controlId(), mrn, "EMR_A", Hl7.unique("V")));
            assertThat(Hl7.field(discharge, "MSA", 1)).as(discharge).isEqualTo("AA");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.count(patient) == 2);

            var found = client.documents(patient);
            var lab = "//rim:ExtrinsicObject[rim:Classification[@classificationScheme='" + TYPE_CODE + "']/@nodeRepresentation='%s']"
                    + "/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value='XDSDocumentEntry.uniqueId']/@value";
            // XDS metadata keeps the affinity domain's codes; the document header follows the region's profile
            var labId = Soap.text(found, lab.formatted("11502-2"));
            var labCda = client.retrieve(labId);
            TranslationClient.assertSchemaValid(labCda);
            var doc = Soap.parse(labCda);
            var root = "/*[local-name()='ClinicalDocument']/*[local-name()='%s']";
            assertThat(Soap.text(doc, root.formatted("realmCode") + "/@code")).isEqualTo("CN");
            assertThat(Soap.text(doc, root.formatted("templateId") + "/@root")).isEqualTo("2.16.156.10011.2.1.1.27");
            assertThat(Soap.text(doc, root.formatted("id") + "/@root")).isEqualTo("2.16.156.10011.1.1");
            assertThat(Soap.text(doc, root.formatted("id") + "/@extension")).isEqualTo(labId);
            assertThat(Soap.text(doc, root.formatted("code") + "/@code")).isEqualTo("C0007");
            assertThat(Soap.text(doc, root.formatted("code") + "/@codeSystem")).isEqualTo("2.16.156.10011.2.4");

            var summary = Soap.parse(client.retrieve(Soap.text(found, lab.formatted("18842-5"))));
            assertThat(Soap.text(summary, root.formatted("templateId") + "/@root")).isEqualTo("2.16.156.10011.2.1.1.73");
            assertThat(Soap.text(summary, root.formatted("code") + "/@code")).isEqualTo("C0053");
        }
    }

    @Test
    void aChannelNamingAnotherRepositoryKeepsTheEngineFromStarting() {
        assertThatThrownBy(() -> Engine.start(
                "--qiao.translation.channels[0].application=LIS_C",
                "--qiao.translation.channels[0].facility=CLINIC_C",
                "--qiao.translation.channels[0].facility-oid=2.16.156.10011.0.99.2.3",
                "--qiao.translation.channels[0].facility-name=社区卫生服务中心",
                "--qiao.translation.channels[0].patient-domain=clinic-c-mrn",
                "--qiao.translation.channels[0].repository=2.16.156.10011.0.99.3.9").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names repository 2.16.156.10011.0.99.3.9, but this engine is repository "
                        + "2.16.156.10011.0.99.3.1");
    }

    @Test
    void aCodeOutsideTheAffinityDomainSendsTheResultToTheDeadLettersWithTheReason() throws Exception {
        // the channel's practice setting is no code of the region's code list: the message itself is fine (AA),
        // but its document cannot be registered, so it waits in the dead letters saying why
        try (var engine = Engine.start(
                "--qiao.translation.channels[0].application=LIS_A",
                "--qiao.translation.channels[0].facility=HOSP_A",
                "--qiao.translation.channels[0].facility-oid=2.16.156.10011.0.99.2.1",
                "--qiao.translation.channels[0].facility-name=市第一人民医院",
                "--qiao.translation.channels[0].patient-domain=hosp-a-mrn",
                "--qiao.translation.channels[0].facility-type-code=A100^^2.16.156.10011.2.3.2.22",
                "--qiao.translation.channels[0].practice-setting-code=ZZ99^^2.16.156.10011.2.3.3.1")) {
            var admin = new AdminClient(engine);
            var client = new TranslationClient(engine, admin);
            var mrn = client.feed();
            var ack = Mllp.exchange(engine.mllpPort, LabResultsToCdaTest.oru(Hl7.controlId(), mrn, Hl7.unique("O"), "F", "98"));
            assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var m : admin.outbox("translation")) {
                    if (m.get("status").asText().equals("DEAD") && m.get("payload").asText().contains(mrn)) {
                        return true;
                    }
                }
                return false;
            });
            for (var m : admin.outbox("translation")) {
                if (m.get("payload").asText().contains(mrn)) {
                    assertThat(m.get("lastError").asText()).contains("refused").contains("ZZ99");
                }
            }
            assertThat(client.count(client.regional(mrn))).isZero();
        }
    }
}
