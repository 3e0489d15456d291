package org.qiao.conformance.translation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;

/**
 * An acknowledged result is not lost when the engine dies before translating it: the translation worker
 * looks at its queue once at start-up and then only hourly here, so the result is still queued when the
 * engine is killed (kill -9); after the restart it becomes a document.
 */
class ResultsSurviveRestartTest {

    static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.outbox.poll-interval=1h");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    private static int documents(String regionalId) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(XdsMessages.patient(regionalId, "2.16.156.10011.0.99.1"));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return Soap.count(Soap.call(engine, "xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery",
                XdsMessages.xml(q, QueryReturnType.OBJECT_REF)), "//rim:ObjectRef");
    }

    @Test
    void aQueuedResultIsTranslatedAfterKillMinus9() throws Exception {
        var mrn = Hl7.unique("K");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort,
                Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + HOSP_A, "关", "羽")), "MSA", 1)).isEqualTo("AA");
        String regional = null;
        for (var id : new AdminClient(engine).patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                regional = id.get("value").asText();
            }
        }
        var ack = Mllp.exchange(engine.mllpPort, LabResultsToCdaTest.oru(Hl7.controlId(), mrn, Hl7.unique("O"), "F", "150"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        Thread.sleep(1000);
        assertThat(documents(regional)).as("not translated yet: the worker waits an hour").isZero();

        engine.kill();
        engine.restart();

        var patient = regional;
        await().atMost(Duration.ofSeconds(30)).until(() -> documents(patient) == 1);
    }
}
