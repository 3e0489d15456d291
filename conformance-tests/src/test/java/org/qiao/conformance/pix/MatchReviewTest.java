package org.qiao.conformance.pix;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * The review queue: with the upper threshold out of reach every likely pair waits for a person, who links it
 * (seen through ITI-9 and the link audit) or keeps it apart, once.
 */
class MatchReviewTest {

    static Engine engine;
    static AdminClient operator;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.pix.matching.enabled=true", "--qiao.pix.matching.upper=1000",
                "--qiao.pix.matching.lower=12");
        operator = new AdminClient(engine, Engine.OPERATOR);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    /** The same resident at two hospitals: hanzi at A, pinyin at B, no shared identifier. */
    private static String[] twoRecordsOfOneResident(String family, String given, String pinyinFamily,
                                                    String pinyinGiven, String birth) throws Exception {
        var mrnA = unique("A");
        var mrnB = unique("B");
        // the pair's own phone, so pairs of different tests do not look alike through the shared default one
        var phone = "139" + birth;
        for (var m : new String[][] {{mrnA + "^^^" + HOSP_A, family, given}, {mrnB + "^^^" + HOSP_B, pinyinFamily, pinyinGiven}}) {
            var message = Hl7.adt("A01", controlId(), m[0], m[1], m[2]).replace("||19850612|F|", "||" + birth + "|M|")
                    .replace("028-85551234", phone);
            var ack = Mllp.exchange(engine.mllpPort, message);
            assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        }
        return new String[] {mrnA, mrnB};
    }

    private static java.util.List<String> hospitalAIdsOf(String mrnB) throws Exception {
        var answer = Mllp.exchange(engine.mllpPort, Hl7.q23(controlId(), mrnB + "^^^" + HOSP_B, "^^^" + HOSP_A));
        assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AA");
        return pid3(answer);
    }

    /** The open entry with the highest weight for this record, or null. */
    private static JsonNode openEntryFor(String mrn) throws Exception {
        JsonNode best = null;
        for (var entry : operator.json("/api/patients/match-reviews")) {
            if (entry.get("recordKey").get("value").asText().equals(mrn)
                    && (best == null || entry.get("weight").asDouble() > best.get("weight").asDouble())) {
                best = entry;
            }
        }
        return best;
    }

    @Test
    void anOperatorLinksAPairFromTheQueueAndTheLinkIsAuditedAndFinal() throws Exception {
        var mrns = twoRecordsOfOneResident("赵", "云", "ZHAO", "YUN", "19700521");
        assertThat(hospitalAIdsOf(mrns[1])).as("not linked before a person decides").isEmpty();
        var entry = openEntryFor(mrns[1]);
        assertThat(entry).as("queued for review").isNotNull();
        assertThat(entry.get("weight").asDouble()).isGreaterThanOrEqualTo(12);

        var decided = operator.post("/api/patients/match-reviews/" + entry.get("id").asLong() + "/link");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(hospitalAIdsOf(mrns[1])).containsExactly(mrns[0] + "^^^" + HOSP_A);
        assertThat(openEntryFor(mrns[1])).isNull();
        var audited = false;
        for (var event : operator.json("/api/patients/link-events")) {
            if (event.get("kind").asText().equals("LINK") && event.get("cause").asText().contains("review")
                    && event.get("b").get("value").asText().equals(mrns[1])) {
                audited = true;
            }
        }
        assertThat(audited).as("the decision is a link event").isTrue();
        // decided once
        assertThat(operator.post("/api/patients/match-reviews/" + entry.get("id").asLong() + "/link").statusCode())
                .isEqualTo(409);
    }

    @Test
    void anOperatorKeepsAPairApart() throws Exception {
        var mrns = twoRecordsOfOneResident("钱", "多", "QIAN", "DUO", "19660707");
        var entry = openEntryFor(mrns[1]);
        assertThat(entry).isNotNull();
        var decided = operator.post("/api/patients/match-reviews/" + entry.get("id").asLong() + "/separate");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(openEntryFor(mrns[1])).isNull();
        assertThat(hospitalAIdsOf(mrns[1])).isEmpty();
        assertThat(operator.post("/api/patients/match-reviews/" + entry.get("id").asLong() + "/link").statusCode())
                .isEqualTo(409);
        assertThat(operator.post("/api/patients/match-reviews/999999/separate").statusCode()).isEqualTo(409);
    }
}
