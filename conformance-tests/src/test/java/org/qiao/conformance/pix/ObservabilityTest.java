package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.unique;

/** Health, readiness and per-transaction Prometheus metrics over HTTP. */
class ObservabilityTest extends EngineTestSupport {




    @Test
    void healthAndReadinessAreUp() throws Exception {
        assertThat(admin.json("/actuator/health").get("status").asText()).isEqualTo("UP");
        assertThat(admin.json("/actuator/health/readiness").get("status").asText()).isEqualTo("UP");
        assertThat(admin.json("/actuator/health/liveness").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusCountsEachTransactionAndOutcomeWithLatency() throws Exception {
        var mrn = unique("A");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrn + "^^^" + HOSP_A, "曹", "操"));
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrn + "^^^NOWHERE", "曹", "操"));
        Mllp.exchange(engine.mllpPort, Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, ""));
        var metrics = admin.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("qiao_mllp_messages_seconds_count\\{[^}]*outcome=\"AA\"[^}]*transaction=\"ITI-8\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("qiao_mllp_messages_seconds_count\\{[^}]*outcome=\"AE\"[^}]*transaction=\"ITI-8\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("qiao_mllp_messages_seconds_count\\{[^}]*outcome=\"AA\"[^}]*transaction=\"ITI-9\"[^}]*} [1-9]");
        assertThat(metrics).contains("qiao_mllp_messages_seconds_bucket");
    }
}
