package org.qiao.conformance.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's JSON doors read after a real feed (samples over MLLP with mllp_send, a document over ITI-41):
 * resident search, the resident and the timeline (audited with the user), statistics, the journal with its
 * filters and failures, the outbox with retry of dead letters, the dashboard; with bad input and roles.
 */
class ConsoleApiTest {

    static Engine engine;
    static AdminClient admin;
    static AdminClient clinician;
    static AdminClient operator;
    static AdminClient authority;
    static AdminClient auditor;
    static String providedUid;
    static final String BAD_CONTROL_ID = "BAD-" + Hl7.unique("C");

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start(
                // a PIX Consumer that is down: its ITI-10 notifications become dead letters
                "--qiao.pix.subscribers[0].name=absent", "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + Engine.freePort(),
                "--qiao.outbox.poll-interval=100ms", "--qiao.outbox.first-backoff=50ms",
                "--qiao.outbox.max-backoff=100ms", "--qiao.outbox.max-attempts=2",
                "--qiao.statistics.roll-up-interval=1s",
                // a surveillance rule any week with a hypertension discharge passes
                "--qiao.statistics.surveillance[0].name=高血压出院（测试）",
                "--qiao.statistics.surveillance[0].measure=discharge-diagnoses",
                "--qiao.statistics.surveillance[0].codes[0]=I10*",
                "--qiao.statistics.surveillance[0].threshold-per-week=0");
        admin = new AdminClient(engine);
        clinician = new AdminClient(engine, Engine.CLINICIAN);
        operator = new AdminClient(engine, Engine.OPERATOR);
        authority = new AdminClient(engine, Engine.AUTHORITY);
        auditor = new AdminClient(engine, Engine.AUDITOR);
        ConsoleData.feedSamples(engine);
        providedUid = ConsoleData.provideNote(engine, ConsoleData.ZHANG_SAN);
        // a message that is refused (PID-3 empty), so the journal and dashboard have a failure
        var refused = Mllp.exchange(engine.mllpPort, "MSH|^~\\&|HIS_X|HOSP_B|QIAO|REGION|" + Hl7.now()
                + "||ADT^A01^ADT_A01|" + BAD_CONTROL_ID + "|P|2.3.1\rEVN|A01|" + Hl7.now() + "\rPID|||||无^名\r");
        assertThat(Hl7.field(refused, "MSA", 1)).isIn("AE", "AR");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> regionalIds(JsonNode results) {
        var ids = new ArrayList<String>();
        results.forEach(r -> ids.add(r.get("regionalId").asText()));
        return ids;
    }

    @Test
    void residentsAreFoundByHanziPinyinBirthDateAndAnyIdentifier() throws Exception {
        for (var query : List.of("张三", "张", "zhang san", "ZHANG", "zhangs", "1985-06-12", "510104198506120022",
                "M20260001", "B00045871", "H5101000123456", ConsoleData.ZHANG_SAN)) {
            assertThat(regionalIds(clinician.json("/api/residents?q=" + q(query)))).as(query).contains(ConsoleData.ZHANG_SAN);
        }
        var hit = clinician.json("/api/residents?q=" + q("张三")).get(0);
        assertThat(hit.get("name").asText()).isEqualTo("张三");
        assertThat(hit.get("birthDate").asText()).isEqualTo("1985-06-12");
        // the merged duplicate's MRN is not a resident any more
        assertThat(clinician.json("/api/residents?q=M20260099")).isEmpty();
        assertThat(clinician.json("/api/residents?q=" + q("欧阳"))).isNotEmpty();
    }

    @Test
    void searchTextIsNeverSqlOrAWildcard() throws Exception {
        for (var query : List.of("' OR '1'='1", "张'; DROP TABLE person; --", "%", "_", "\\", "z%", "*")) {
            var r = clinician.get("/api/residents?q=" + q(query));
            assertThat(r.statusCode()).as(query).isIn(200, 400);
            if (r.statusCode() == 200) {
                assertThat(r.body()).as(query).isEqualTo("[]");
            }
        }
        assertThat(clinician.get("/api/residents?q=").statusCode()).isEqualTo(400);
        assertThat(clinician.get("/api/residents?q=" + q("x".repeat(5000))).statusCode()).isEqualTo(400);
        assertThat(regionalIds(clinician.json("/api/residents?q=" + q("张三")))).contains(ConsoleData.ZHANG_SAN);
    }

    @Test
    void theResidentShowsEveryIdentifierEverySourceAndTheMerge() throws Exception {
        var r = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN);
        var ids = new ArrayList<String>();
        r.get("identifiers").forEach(i -> ids.add(i.get("domain").asText() + ":" + i.get("value").asText()));
        assertThat(ids).contains("hosp-a-mrn:M20260001", "hosp-b-mrn:B00045871", "national-id:510104198506120022",
                "regional:" + ConsoleData.ZHANG_SAN);
        assertThat(r.get("records").size()).isGreaterThanOrEqualTo(2);
        var kinds = new ArrayList<String>();
        r.get("links").forEach(l -> kinds.add(l.get("kind").asText()));
        assertThat(kinds).contains("MERGE");
        assertThat(clinician.get("/api/residents/QR9999999999").statusCode()).isEqualTo(404);
        assertThat(clinician.get("/api/residents/" + q("QR' OR 1=1")).statusCode()).isEqualTo(404);
    }

    @Test
    void theTimelineHoldsVisitsAndDocumentsNewestFirstAndFilters() throws Exception {
        var t = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline");
        var kinds = new ArrayList<String>();
        var times = new ArrayList<String>();
        var uids = new ArrayList<String>();
        t.get("entries").forEach(e -> {
            kinds.add(e.get("kind").asText());
            times.add(e.get("time").asText());
            uids.add(e.get("uniqueId").asText());
        });
        assertThat(kinds).contains("admission", "discharge", "lab", "exam", "discharge-summary");
        assertThat(uids).contains(providedUid);
        assertThat(t.get("count").asInt()).isEqualTo(kinds.size());
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        var discharge = find(t, "discharge");
        assertThat(discharge.get("detail").asText()).contains("I10").contains("E11.9");

        var labs = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?kind=lab");
        assertThat(labs.get("entries")).isNotEmpty().allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("lab"));
        var visits = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?kind=admission,discharge");
        assertThat(visits.get("entries")).allSatisfy(e -> assertThat(e.get("kind").asText()).isIn("admission", "discharge"));
        var november = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?from=2026-11-01&to=2026-11-30");
        assertThat(november.get("entries")).allSatisfy(e -> assertThat(e.get("time").asText()).startsWith("2026-11"));
        assertThat(november.get("count").asInt()).isLessThan(t.get("count").asInt());
        var nowhere = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?hospital=NO_SUCH");
        assertThat(nowhere.get("entries")).isEmpty();

        var badDate = clinician.get("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?from=2026-13-45");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("from");
        assertThat(clinician.get("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?kind=" + q("lab' OR 1=1")).statusCode())
                .isEqualTo(400);
        assertThat(clinician.get("/api/residents/QR9999999999/timeline").statusCode()).isEqualTo(404);
    }

    @Test
    void aCorrectedResultLeavesItsFirstVersionOnTheTimelineAsReplaced() throws Exception {
        var order = Hl7.unique("O");
        for (var status : List.of("F", "C")) {
            // observed in October: outside the range the statistics test counts
            var now = "20261015080000";
            var oru = "MSH|^~\\&|LIS_A|HOSP_A|QIAO|REGION|" + Hl7.now() + "||ORU^R01^ORU_R01|" + Hl7.controlId()
                    + "|P|2.5||||||UNICODE UTF-8\r"
                    + "PID|||M20260001^^^" + Hl7.HOSP_A + "||张^三||19850612|M\r"
                    + "OBR|1|P" + order + "|F" + order + "|GLU^空腹血糖^LOCAL|||" + now + "|||||||||D0101^李^时珍||||||"
                    + now + "|||" + status + "\r"
                    + "OBX|1|NM|1558-6^空腹血糖^LN||" + ("F".equals(status) ? "5.6" : "5.9") + "|mmol/L|3.9-6.1|N|||"
                    + status + "\r";
            assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, oru), "MSA", 1)).isEqualTo("AA");
        }
        // the correction replaces the first report (RPLC); the timeline keeps both, the first marked replaced
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var labs = clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline?kind=lab").get("entries");
            var replaced = 0;
            for (var e : labs) {
                replaced += e.get("replaced").asBoolean() ? 1 : 0;
            }
            return replaced == 1;
        });
    }

    @Test
    void aSurveillanceRuleFlagsTheWeekAndHospitalAboveItsThreshold() throws Exception {
        var range = "from=2026-11-01&to=" + LocalDate.now().plusDays(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> authority.json("/api/statistics/alerts?" + range).size() > 0);
        var flag = authority.json("/api/statistics/alerts?" + range).get(0);
        assertThat(flag.get("rule").asText()).isEqualTo("高血压出院（测试）");
        assertThat(flag.get("count").asLong()).isGreaterThan(flag.get("threshold").asLong());
        assertThat(flag.get("week").asText()).matches("\\d{4}-W\\d{2}");
        assertThat(authority.get("/api/statistics/alerts?from=not-a-date").statusCode()).isEqualTo(400);
    }

    private static JsonNode find(JsonNode timeline, String kind) {
        for (var e : timeline.get("entries")) {
            if (e.get("kind").asText().equals(kind)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " in " + timeline);
    }

    @Test
    void readingARecordIsAuditedWithTheUser() throws Exception {
        clinician.json("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline");
        await().atMost(Duration.ofSeconds(20)).until(() -> auditor.json("/api/audit?eventType=RECORD-READ&user="
                + Engine.CLINICIAN + "&patient=" + ConsoleData.ZHANG_SAN).size() > 0);
        var record = auditor.json("/api/audit?eventType=RECORD-READ&user=" + Engine.CLINICIAN).get(0);
        assertThat(record.get("action").asText()).isEqualTo("R");
        assertThat(record.get("patients").toString()).contains(ConsoleData.ZHANG_SAN);
    }

    @Test
    void openingADocumentIsAuditedAsAReadingOfItsResidentsRecord() throws Exception {
        var bytes = admin.get("/api/documents/" + providedUid);
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(bytes.body()).contains(providedUid);
        await().atMost(Duration.ofSeconds(20)).until(() -> auditor.json("/api/audit/count?eventType=RECORD-READ&user="
                + Engine.ADMIN + "&patient=" + ConsoleData.ZHANG_SAN).get("count").asLong() >= 1);
        assertThat(admin.get("/api/documents/1.2.3.404").statusCode()).isEqualTo(404);
        assertThat(authority.get("/api/documents/" + providedUid).statusCode()).isEqualTo(403);
    }

    @Test
    void patientDataIsRefusedToRolesThatMayNotSeeIt() throws Exception {
        assertThat(authority.get("/api/residents?q=" + q("张三")).statusCode()).isEqualTo(403);
        assertThat(authority.get("/api/residents/" + ConsoleData.ZHANG_SAN + "/timeline").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/api/residents/" + ConsoleData.ZHANG_SAN).statusCode()).isEqualTo(403);
        assertThat(clinician.get("/api/journal").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/api/dashboard").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/api/statistics/visits").statusCode()).isEqualTo(403);
        assertThat(authority.get("/api/dashboard").statusCode()).isEqualTo(403);
        assertThat(authority.post("/api/outbox/messages/1/retry").statusCode()).isEqualTo(403);
    }

    @Test
    void statisticsCountWhatTheFeedsBrought() throws Exception {
        var to = LocalDate.now().plusDays(1);
        var range = "from=2026-11-01&to=" + to;
        await().atMost(Duration.ofSeconds(20)).until(() ->
                authority.json("/api/statistics/lab-results?" + range).get("total").asInt() == 4);
        assertThat(authority.json("/api/statistics/abnormal-lab-results?" + range).get("total").asInt()).isEqualTo(1);
        var chapters = authority.json("/api/statistics/discharge-diagnoses?" + range + "&group=chapter");
        var keys = new ArrayList<String>();
        chapters.get("series").forEach(s -> keys.add(s.get("key").asText() + "=" + s.get("total").asInt()));
        assertThat(keys).containsExactlyInAnyOrder("IV=1", "IX=1");
        var visits = authority.json("/api/statistics/visits?" + range + "&group=hospital&by=month");
        assertThat(visits.get("periods").get(0).asText()).isEqualTo("2026-11");
        assertThat(visits.get("total").asInt()).isGreaterThanOrEqualTo(4);
        var residents = authority.json("/api/statistics/residents?" + range);
        assertThat(residents.get("total").asInt()).isGreaterThanOrEqualTo(3);
        var documents = authority.json("/api/statistics/documents?" + range + "&group=kind");
        assertThat(documents.get("total").asInt()).isGreaterThanOrEqualTo(4);

        var csv = authority.get("/api/statistics/visits?" + range + "&group=hospital&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines().count()).isGreaterThan(1);

        assertThat(authority.get("/api/statistics/no-such-measure").statusCode()).isEqualTo(404);
        assertThat(authority.get("/api/statistics/visits?by=year").statusCode()).isEqualTo(400);
        assertThat(authority.get("/api/statistics/visits?from=2026-12-01&to=2026-11-01").statusCode()).isEqualTo(400);
        assertThat(authority.get("/api/statistics/visits?from=" + q("2026-11-01' OR '1'='1")).statusCode()).isEqualTo(400);
        assertThat(authority.get("/api/statistics/visits?group=" + q("hospital; DROP TABLE stat_daily")).statusCode()).isEqualTo(400);
        assertThat(authority.json("/api/statistics/lab-results?" + range).get("total").asInt()).isEqualTo(4);
    }

    @Test
    void theJournalIsSearchedBySenderTransactionOutcomeTimeAndText() throws Exception {
        var fromHisA = operator.json("/api/journal?sender=HIS_A&limit=100");
        assertThat(fromHisA).isNotEmpty().allSatisfy(r -> assertThat(r.get("sendingApplication").asText()).isEqualTo("HIS_A"));
        var byFacility = operator.json("/api/journal?sender=hosp_b&limit=100");
        assertThat(byFacility).isNotEmpty().allSatisfy(r -> assertThat(r.get("sendingFacility").asText()).isEqualTo("HOSP_B"));
        var iti8 = operator.json("/api/journal?transaction=ITI-8&limit=100");
        assertThat(iti8).isNotEmpty().allSatisfy(r -> assertThat(r.get("transaction").asText()).isEqualTo("ITI-8"));
        var failed = operator.json("/api/journal?outcome=FAILED");
        assertThat(failed).isNotEmpty().allSatisfy(r -> assertThat(r.get("outcome").asText()).isNotEqualTo("AA"));
        assertThat(failed.toString()).contains(BAD_CONTROL_ID);
        var text = operator.json("/api/journal?text=" + q("锦江区红星路"));
        assertThat(text).isNotEmpty().allSatisfy(r -> assertThat(r.get("raw").asText()).contains("锦江区红星路"));
        var future = operator.json("/api/journal?from=" + q(LocalDate.now().plusDays(2).toString()));
        assertThat(future).isEmpty();
        var today = operator.json("/api/journal?from=" + LocalDate.now().minusDays(1) + "&to=" + LocalDate.now().plusDays(1) + "&limit=500");
        assertThat(today.size()).isGreaterThanOrEqualTo(12);

        var one = operator.json("/api/journal/" + failed.get(0).get("id").asLong());
        assertThat(one.get("raw").asText()).startsWith("MSH|");
        assertThat(one.get("response").asText()).contains("MSA|");
        var failures = operator.json("/api/journal/failures");
        assertThat(failures.toString()).contains("HIS_X");
        assertThat(failures.get(0).get("count").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(operator.get("/api/journal?outcome=maybe").statusCode()).isEqualTo(400);
        assertThat(operator.get("/api/journal?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(operator.get("/api/journal?limit=0").statusCode()).isEqualTo(400);
        assertThat(operator.get("/api/journal/999999999").statusCode()).isEqualTo(404);
        assertThat(operator.json("/api/journal?sender=" + q("x' OR '1'='1"))).isEmpty();
        assertThat(operator.json("/api/journal?text=" + q("%"))).allSatisfy(r ->
                assertThat(r.get("raw").asText() + r.get("controlId").asText() + r.get("reason").asText()).contains("%"));
    }

    @Test
    void deadLettersAreListedWithTheirReasonAndRetriedOneOrSeveral() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> operator.json("/api/outbox/messages?status=DEAD").size() >= 3);
        var dead = operator.json("/api/outbox/messages?status=DEAD&destination=absent");
        assertThat(dead).allSatisfy(m -> {
            assertThat(m.get("status").asText()).isEqualTo("DEAD");
            assertThat(m.get("lastError").asText()).isNotBlank();
            assertThat(m.get("attempts").asInt()).isEqualTo(2);
        });
        var depths = operator.json("/api/outbox/depths");
        assertThat(depths.toString()).contains("\"destination\":\"absent\"").contains("\"status\":\"DEAD\"");

        long first = dead.get(0).get("id").asLong();
        var retried = operator.post("/api/outbox/messages/" + first + "/retry");
        assertThat(retried.statusCode()).isEqualTo(200);
        var afterRetry = new ArrayList<String>();
        operator.json("/api/outbox/absent").forEach(m -> {
            if (m.get("id").asLong() == first) {
                afterRetry.add(m.get("status").asText());
            }
        });
        assertThat(afterRetry).hasSize(1);
        // it is back in line and dies again (the consumer is still down), counted afresh
        var again = operator.post("/api/outbox/messages/" + first + "/retry");
        assertThat(again.statusCode()).isIn(200, 409);
        assertThat(operator.post("/api/outbox/messages/999999999/retry").statusCode()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(30)).until(() -> operator.json("/api/outbox/messages?status=DEAD&destination=absent").size() >= dead.size());
        var ids = new ArrayList<Long>();
        operator.json("/api/outbox/messages?status=DEAD&destination=absent").forEach(m -> ids.add(m.get("id").asLong()));
        var selected = operator.post("/api/outbox/retry", "{\"ids\":" + ids.subList(0, 2) + "}");
        assertThat(selected.statusCode()).isEqualTo(200);
        assertThat(selected.body()).isEqualTo("{\"retried\":2}");
        var none = operator.post("/api/outbox/retry", "{\"ids\":[]}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(operator.post("/api/outbox/retry", "not json").statusCode()).isEqualTo(400);
        assertThat(operator.get("/api/outbox/messages?status=LOST").statusCode()).isEqualTo(400);

        // each retry is an operator's decision in the audit trail, with the operator
        await().atMost(Duration.ofSeconds(20)).until(() -> auditor.json("/api/audit/count?eventType=PIX-DECISION&user="
                + Engine.OPERATOR).get("count").asLong() >= 2);
    }

    @Test
    void theDashboardCountsTrafficFailuresQueuesAndHealth() throws Exception {
        var d = operator.json("/api/dashboard");
        assertThat(d.get("hours")).hasSize(24);
        assertThat(d.get("health").asText()).isEqualTo("UP");
        assertThat(d.get("components").get("db").asText()).isEqualTo("UP");
        JsonNode iti8 = null;
        long failed = 0;
        for (var t : d.get("transactions")) {
            failed += t.get("failed").asLong();
            if (t.get("transaction").asText().equals("ITI-8")) {
                iti8 = t;
            }
        }
        assertThat(iti8).isNotNull();
        assertThat(iti8.get("messages").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(iti8.get("perHour")).hasSize(24);
        assertThat(iti8.get("perMinute")).hasSize(60);
        long perHour = 0;
        for (var n : iti8.get("perHour")) {
            perHour += n.asLong();
        }
        assertThat(perHour).isEqualTo(iti8.get("messages").asLong());
        assertThat(failed).isGreaterThanOrEqualTo(1);
        assertThat(d.get("openReviews").asLong()).isZero();
    }
}
