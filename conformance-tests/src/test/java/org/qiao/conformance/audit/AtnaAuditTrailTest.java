package org.qiao.conformance.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.TestSubscriber;
import org.qiao.conformance.support.XdsMessages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/**
 * ATNA: every IHE transaction the engine answers or sends leaves exactly one audit record in the engine's own
 * audit record repository, with the transaction's event type and the patient it concerns.
 */
class AtnaAuditTrailTest {

    private static final String REGISTER = "urn:ihe:iti:2007:RegisterDocumentSet-b";
    private static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";
    private static TestSubscriber subscriber;
    private static Engine engine;
    private static AdminClient auditor;

    @BeforeAll
    static void start() throws Exception {
        subscriber = new TestSubscriber().start();
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=hosp-b",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + subscriber.port,
                "--qiao.pix.subscribers[0].domains=hosp-a-mrn",
                "--qiao.outbox.poll-interval=100ms");
        auditor = new AdminClient(engine, Engine.AUDITOR);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        subscriber.close();
    }

    private static JsonNode search(String query) throws Exception {
        return auditor.json("/api/audit?limit=1000&" + query);
    }

    private static long count(String query) throws Exception {
        return auditor.json("/api/audit/count?" + query).get("count").asLong();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void nTransactionsLeaveNMatchingAuditRecords() throws Exception {
        // ITI-8: five residents fed by hospital A
        var mrns = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            var mrn = Hl7.unique("AT");
            mrns.add(mrn);
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "审", "计" + i));
            assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        }
        // ITI-9: three queries
        for (int i = 0; i < 3; i++) {
            var answer = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), mrns.get(i) + "^^^" + HOSP_A, ""));
            assertThat(Hl7.field(answer, "MSA", 1)).isEqualTo("AA");
        }
        // ITI-42 then ITI-18 twice for the first resident's regional id
        var resident = regional(mrns.get(0));
        var register = XdsMessages.register(XdsMessages.submissionSet(resident),
                XdsMessages.documentEntry(resident, "LAB-01", "20261120"));
        assertThat(Soap.text(Soap.call(engine, "xds-iti42", REGISTER, XdsMessages.xml(register)),
                "//*[local-name()='RegistryResponse']/@status")).endsWith("Success");
        for (int i = 0; i < 2; i++) {
            var q = new FindDocumentsQuery();
            q.setPatientId(resident);
            q.setStatus(List.of(AvailabilityStatus.APPROVED));
            var answer = Soap.call(engine, "xds-iti18", QUERY, XdsMessages.xml(q, QueryReturnType.OBJECT_REF));
            assertThat(Soap.text(answer, "//*[local-name()='AdhocQueryResponse']/@status")).endsWith("Success");
        }

        // ITI-30 (v2.5): two A28 and an A40 merging the second into the first are accepted; an A40 naming an
        // unknown retired id is refused. IPF's ITI-30 audit gives one record per A28 and two per A40 (the
        // retired id deleted, the survivor updated), refused ones with a failure outcome.
        // (hospital B: the subscriber hears of hospital A's residents only, so the ITI-10 count stays five)
        var survivor = Hl7.unique("AS") + "^^^" + Hl7.HOSP_B;
        var retired = Hl7.unique("AR") + "^^^" + Hl7.HOSP_B;
        for (var cx : List.of(survivor, retired)) {
            assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, Hl7.a28(cx, "管", "理")), "MSA", 1)).isEqualTo("AA");
        }
        var merge = Hl7.pam("A40", "ADT_A39", survivor, Hl7.pamPid(survivor, "管", "理") + "MRG|" + retired + "\r");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, merge), "MSA", 1)).isEqualTo("AA");
        var unknown = Hl7.pam("A40", "ADT_A39", survivor, Hl7.pamPid(survivor, "管", "理") + "MRG|"
                + Hl7.unique("AU") + "^^^" + Hl7.HOSP_B + "\r");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, unknown), "MSA", 1)).isEqualTo("AE");

        // one ITI-10 per feed reaches the subscriber
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received.size() >= 5);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("eventType=ITI-8") >= 5 && count("eventType=ITI-9") >= 3
                && count("eventType=ITI-42") >= 1 && count("eventType=ITI-18") >= 2 && count("eventType=ITI-10") >= 5
                && count("eventType=ITI-30") >= 6);
        Thread.sleep(1000); // nothing more may arrive
        assertThat(count("eventType=ITI-8")).isEqualTo(5);
        assertThat(count("eventType=ITI-9")).isEqualTo(3);
        assertThat(count("eventType=ITI-42")).isEqualTo(1);
        assertThat(count("eventType=ITI-18")).isEqualTo(2);
        assertThat(count("eventType=ITI-10")).isEqualTo(5);
        assertThat(count("eventType=ITI-30")).isEqualTo(6);
        assertThat(count("eventType=ITI-30&outcome=0")).isEqualTo(4);
        var survivorValue = survivor.substring(0, survivor.indexOf('^'));
        var retiredValue = retired.substring(0, retired.indexOf('^'));
        assertThat(search("eventType=ITI-30&outcome=0&patient=" + enc(survivorValue))).as("A28 and A40 of the survivor")
                .hasSize(2);
        var retiredRecords = search("eventType=ITI-30&outcome=0&patient=" + enc(retiredValue));
        assertThat(retiredRecords).as("A28 of the retired id, and its deletion by the A40").hasSize(2);
        assertThat(retiredRecords).allSatisfy(r -> assertThat(r.get("eventId").get("code").asText()).isEqualTo("110110"));

        // each feed's record names its resident; ITI-8 is a Patient Record event (110110) that succeeded
        for (var mrn : mrns) {
            var records = search("eventType=ITI-8&patient=" + enc(mrn));
            assertThat(records).as("ITI-8 for %s", mrn).hasSize(1);
            var record = records.get(0);
            assertThat(record.get("eventId").get("code").asText()).isEqualTo("110110");
            assertThat(record.get("outcome").asInt()).isZero();
            assertThat(record.get("sourceId").asText()).isEqualTo("QIAO");
            // the engine's own messages reach its repository in the process, with the DICOM XML IPF wrote
            assertThat(record.get("transport").asText()).isEqualTo("LOCAL");
            assertThat(record.get("parseError").isNull()).isTrue();
            var raw = auditor.json("/api/audit/" + record.get("id").asLong()).get("raw").asText();
            assertThat(raw).startsWith("<AuditMessage").contains("ParticipantObjectID=\"" + mrn);
            assertThat(search("eventType=ITI-10&patient=" + enc(mrn))).as("ITI-10 for %s", mrn).hasSize(1);
        }
        var regionalId = resident.getId();
        assertThat(search("eventType=ITI-18&patient=" + enc(regionalId))).hasSize(2);
        assertThat(search("eventType=ITI-42&patient=" + enc(regionalId))).hasSize(1);
    }

    private static Identifiable regional(String mrn) throws Exception {
        for (var id : new AdminClient(engine).patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        throw new AssertionError("no regional id for " + mrn);
    }
}
