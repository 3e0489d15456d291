package org.qiao.conformance.pix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.TestSubscriber;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.a28;
import static org.qiao.conformance.support.Hl7.pam;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.REGIONAL;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * ITI-30 Patient Administration Management (identity feed, HL7 v2.5) at the wire: create, update, merge,
 * change of identifier, link and unlink feed the same patient index ITI-9 answers from; link decisions are
 * audited and notified (ITI-10); bad content gets AE with ERR.
 */
class PatientAdministrationTest {

    static TestSubscriber subscriber;
    static Engine engine;
    static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        subscriber = new TestSubscriber().start();
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=all",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + subscriber.port,
                "--qiao.outbox.poll-interval=100ms",
                "--qiao.outbox.first-backoff=100ms");
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        subscriber.close();
    }

    static String send(String message) throws Exception {
        return Mllp.exchange(engine.mllpPort, message);
    }

    static String accepted(String message) throws Exception {
        var ack = send(message);
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        return ack;
    }

    static String query(String cx) throws Exception {
        return send(Hl7.q23(controlId(), cx, ""));
    }

    static String regionalOf(String cx) throws Exception {
        var answer = query(cx);
        assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AA");
        return pid3(answer).stream().filter(id -> id.endsWith("^^^" + REGIONAL)).findFirst().orElseThrow();
    }

    @Test
    void a28CreatesAPatientThatPixQueriesFind() throws Exception {
        var mrn = unique("A") + "^^^" + HOSP_A;
        var message = a28(mrn, "钱", "一");
        var ack = accepted(message);
        assertThat(field(ack, "MSH", 12)).isEqualTo("2.5");
        var answer = query(mrn);
        assertThat(field(answer, "QAK", 2)).isEqualTo("OK");
        assertThat(pid3(answer)).hasSize(1).allMatch(id -> id.endsWith("^^^" + REGIONAL));
        // journaled once, with its effect, as ITI-30
        var journal = admin.journal(field(message, "MSH", 10));
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("transaction").asText()).isEqualTo("ITI-30");
        assertThat(journal.get(0).get("outcome").asText()).isEqualTo("AA");
    }

    @Test
    void a31UpdatesTheSourcesDemographics() throws Exception {
        var value = unique("A");
        accepted(a28(value + "^^^" + HOSP_A, "孙", "二"));
        accepted(pam("A31", "ADT_A05", value + "^^^" + HOSP_A, Hl7.pamPid(value + "^^^" + HOSP_A, "孙", "贰") + "PV1||N\r"));
        var record = admin.patient("hosp-a-mrn", value).get("records").get(0).get("demographics");
        assertThat(record.get("givenName").asText()).isEqualTo("贰");
    }

    @Test
    void a40InVersion25MergesWithinOneDomain() throws Exception {
        var survivor = unique("B") + "^^^" + HOSP_B;
        var duplicate = unique("B") + "^^^" + HOSP_B;
        accepted(a28(survivor, "李", "三"));
        accepted(a28(duplicate, "李", "叁"));
        accepted(pam("A40", "ADT_A39", survivor, Hl7.pamPid(survivor, "李", "三") + "MRG|" + duplicate + "\r"));
        assertThat(field(query(duplicate), "MSA", 1)).isEqualTo("AE");
        assertThat(pid3(query(survivor))).hasSize(1);
        var events = admin.json("/api/patients/link-events");
        assertThat(events.findValues("kind").stream().map(n -> n.asText())).contains("MERGE");
    }

    @Test
    void anOperatorUndoesAMergeAndAChangeOfIdentifierAndBothAreAudited() throws Exception {
        var survivor = unique("B") + "^^^" + HOSP_B;
        var duplicate = unique("B") + "^^^" + HOSP_B;
        accepted(a28(survivor, "冯", "七"));
        accepted(a28(duplicate, "冯", "柒"));
        var regionalSurvivor = regionalOf(survivor);
        var regionalDuplicate = regionalOf(duplicate);
        accepted(pam("A40", "ADT_A39", survivor, Hl7.pamPid(survivor, "冯", "七") + "MRG|" + duplicate + "\r"));
        assertThat(field(query(duplicate), "MSA", 1)).isEqualTo("AE");

        // undo of the merge: the duplicate is known again, with its own regional id, apart from the survivor
        var merge = linkEvent("MERGE", survivor, duplicate);
        var undo = admin.post("/api/patients/link-events/" + merge + "/undo");
        assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
        assertThat(pid3(query(duplicate))).containsExactly(regionalDuplicate);
        assertThat(pid3(query(survivor))).containsExactly(regionalSurvivor);
        var duplicateValue = duplicate.substring(0, duplicate.indexOf('^'));
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.about(duplicateValue).stream()
                .anyMatch(m -> pid3(m).contains(regionalDuplicate)));
        assertThat(linkEvent("UNMERGE", survivor, duplicate)).isPositive();
        assertThat(admin.post("/api/patients/link-events/" + merge + "/undo").statusCode()).isEqualTo(409);

        // undo of a change of identifier: the old value is back, the new one unknown
        var renamed = unique("B") + "^^^" + HOSP_B;
        accepted(pam("A47", "ADT_A30", renamed, Hl7.pamPid(renamed, "冯", "柒") + "MRG|" + duplicate + "\r"));
        assertThat(field(query(duplicate), "MSA", 1)).isEqualTo("AE");
        var change = linkEvent("CHANGE_ID", duplicate, renamed);
        assertThat(admin.post("/api/patients/link-events/" + change + "/undo").statusCode()).isEqualTo(200);
        assertThat(pid3(query(duplicate))).containsExactly(regionalDuplicate);
        assertThat(field(query(renamed), "MSA", 1)).isEqualTo("AE");

        // each undo is an ATNA Patient Record event naming the operator (the refused second undo too)
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.json("/api/audit/count?eventType=PIX-DECISION&user="
                + Engine.ADMIN).get("count").asLong() >= 3);
        var decisions = admin.json("/api/audit?eventType=PIX-DECISION&limit=100&patient="
                + regionalDuplicate.substring(0, regionalDuplicate.indexOf('^')));
        assertThat(decisions).hasSize(2);
        assertThat(decisions).allSatisfy(r -> assertThat(r.get("eventId").get("code").asText()).isEqualTo("110110"));
    }

    /** The id of the newest link event of that kind between the two identifiers (CX values). */
    private static long linkEvent(String kind, String a, String b) throws Exception {
        var valueA = a.substring(0, a.indexOf('^'));
        var valueB = b.substring(0, b.indexOf('^'));
        for (var e : admin.json("/api/patients/link-events?limit=1000")) {
            if (e.get("kind").asText().equals(kind) && e.get("a").get("value").asText().equals(valueA)
                    && e.get("b").get("value").asText().equals(valueB)) {
                return e.get("id").asLong();
            }
        }
        throw new AssertionError("no " + kind + " event for " + a + " and " + b);
    }

    @Test
    void a47ChangesTheIdentifierAndKeepsTheRegionalId() throws Exception {
        var oldValue = unique("B");
        var newValue = unique("B");
        accepted(a28(oldValue + "^^^" + HOSP_B, "周", "四"));
        var regional = regionalOf(oldValue + "^^^" + HOSP_B);
        accepted(pam("A47", "ADT_A30", newValue + "^^^" + HOSP_B, Hl7.pamPid(newValue + "^^^" + HOSP_B, "周", "四")
                + "MRG|" + oldValue + "^^^" + HOSP_B + "\r"));
        var old = query(oldValue + "^^^" + HOSP_B);
        assertThat(field(old, "MSA", 1)).isEqualTo("AE");
        assertThat(field(old, "ERR", 3)).startsWith("204^");
        assertThat(regionalOf(newValue + "^^^" + HOSP_B)).isEqualTo(regional);
        assertThat(admin.patient("hosp-b-mrn", newValue).get("records").get(0).get("key").get("value").asText())
                .isEqualTo(newValue);
    }

    @Test
    void a24LinksAndA37UnlinksWithNotificationsAuditAndUndo() throws Exception {
        var a = unique("A");
        var b = unique("B");
        var cxA = a + "^^^" + HOSP_A;
        var cxB = b + "^^^" + HOSP_B;
        accepted(a28(cxA, "吴", "五"));
        accepted(a28(cxB, "武", "伍"));
        var regionalA = regionalOf(cxA);
        assertThat(regionalOf(cxB)).isNotEqualTo(regionalA);

        // link: one person, both MRNs in each answer, the subscriber hears of it
        accepted(pam("A24", "ADT_A24", cxA, Hl7.pamPid(cxA, "吴", "五") + Hl7.pamPid(cxB, "武", "伍")));
        assertThat(pid3(query(cxA))).containsExactlyInAnyOrder(cxB, regionalA);
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.about(b).stream()
                .anyMatch(m -> pid3(m).contains(cxA)));

        // unlink: apart again, B's record with a new regional id; the subscriber hears of both
        accepted(pam("A37", "ADT_A37", cxA, Hl7.pamPid(cxA, "吴", "五") + Hl7.pamPid(cxB, "武", "伍")));
        assertThat(pid3(query(cxA))).containsExactly(regionalA);
        var afterUnlink = pid3(query(cxB));
        // (ITI-9 lists the other identifiers: B's own regional id only)
        assertThat(afterUnlink).hasSize(1).doesNotContain(cxA, regionalA);
        var regionalB = regionalOf(cxB);
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.about(b).stream()
                .anyMatch(m -> pid3(m).contains(regionalB) && !pid3(m).contains(cxA)));
        await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.about(a).stream()
                .anyMatch(m -> pid3(m).size() == 2 && !pid3(m).contains(cxB)));

        // both decisions are audited with their message; the unlink can be undone by the operator
        var events = admin.json("/api/patients/link-events?limit=1000");
        long unlinkId = -1;
        boolean linkSeen = false;
        for (var e : events) {
            var ids = e.get("a").get("value").asText() + " " + e.get("b").get("value").asText();
            if (ids.equals(a + " " + b)) {
                assertThat(e.get("cause").asText()).startsWith("ITI-30 A");
                linkSeen |= e.get("kind").asText().equals("LINK");
                if (e.get("kind").asText().equals("UNLINK")) {
                    unlinkId = e.get("id").asLong();
                }
            }
        }
        assertThat(linkSeen).isTrue();
        assertThat(unlinkId).isPositive();
        assertThat(admin.post("/api/patients/link-events/" + unlinkId + "/undo").statusCode()).isEqualTo(200);
        assertThat(pid3(query(cxA))).contains(cxB);
        // undone once only
        assertThat(admin.post("/api/patients/link-events/" + unlinkId + "/undo").statusCode()).isEqualTo(409);
    }

    @Test
    void badContentIsAnsweredWithAeAndErr() throws Exception {
        var cx = unique("B") + "^^^" + HOSP_B;
        accepted(a28(cx, "郑", "六"));
        // A47 without MRG
        var noMrg = send(pam("A47", "ADT_A30", cx, Hl7.pamPid(cx, "郑", "六")));
        assertThat(field(noMrg, "MSA", 1)).isEqualTo("AE");
        assertThat(String.join("\r", Hl7.segments(noMrg, "ERR"))).contains("MRG").contains("101");
        // unknown assigning authority
        var unknownDomain = send(a28(unique("X") + "^^^NOWHERE&1.2.3.4.5&ISO", "王", "七"));
        assertThat(field(unknownDomain, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknownDomain, "ERR", 3)).startsWith("204^");
        // linking a patient nobody fed
        var unknown = unique("A") + "^^^" + HOSP_A;
        var link = send(pam("A24", "ADT_A24", cx, Hl7.pamPid(cx, "郑", "六") + Hl7.pamPid(unknown, "郑", "六")));
        assertThat(field(link, "MSA", 1)).isEqualTo("AE");
        assertThat(field(link, "ERR", 3)).startsWith("204^");
        // A24 with one PID only
        var onePid = send(pam("A24", "ADT_A24", cx, Hl7.pamPid(cx, "郑", "六")));
        assertThat(field(onePid, "MSA", 1)).isEqualTo("AE");
        // the ITI-8 version of A28 does not exist: refused before dispatch
        var v231 = send(a28(cx, "郑", "六").replace("|P|2.5|", "|P|2.3.1|"));
        assertThat(field(v231, "MSA", 1)).isEqualTo("AR");
        assertThat(String.join("\r", Hl7.segments(v231, "ERR"))).as(v231).contains("203");
    }

    @Test
    void samplesSentWithMllpSend() throws Exception {
        var create = mllpSend(Engine.repo().resolve("samples/hl7/iti30-a28-create-clinic-c.hl7"));
        assertThat(field(create, "MSA", 1)).as(create).isEqualTo("AA");
        var cxOld = "C30000071^^^" + Hl7.CLINIC_C;
        var regional = regionalOf(cxOld);
        var change = mllpSend(Engine.repo().resolve("samples/hl7/iti30-a47-change-identifier-clinic-c.hl7"));
        assertThat(field(change, "MSA", 1)).as(change).isEqualTo("AA");
        assertThat(field(query(cxOld), "MSA", 1)).isEqualTo("AE");
        assertThat(regionalOf("C30000072^^^" + Hl7.CLINIC_C)).isEqualTo(regional);
    }

    private static String mllpSend(Path file) throws Exception {
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8).replace("\u000b", "").replace("\u001c", "");
    }
}
