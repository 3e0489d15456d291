package org.qiao.conformance.pix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * Bad input on the MLLP port: each gets the right answer (AR/AE with ERR) or a clean close, is journaled
 * with its reason, and disturbs neither other connections nor stored data.
 */
class BadInputTest {

    static final int LIMIT = 64 * 1024;
    static Engine engine;
    static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.mllp.max-frame-bytes=" + LIMIT);
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    /** A patient fed before the bad input, and a connection kept open across it. */
    private String storedPatient() throws Exception {
        var mrn = unique("A");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrn + "^^^" + HOSP_A, "何", "平"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        return mrn;
    }

    private static void assertStillServes(Mllp bystander, String mrn) throws Exception {
        var rsp = bystander.send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, ""));
        assertThat(field(rsp, "MSA", 1)).isEqualTo("AA");
    }

    private String rejectedWith(String message, String ack, String code) throws Exception {
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo(ack.contains("|2.3.1") ? "AR" : "AR");
        assertThat(String.join("\r", Hl7.segments(ack, "ERR"))).as(ack).contains(code);
        return ack;
    }

    @Test
    void unsupportedTypeEventAndVersionAreRejectedWithAr() throws Exception {
        var mrn = storedPatient();
        try (var bystander = new Mllp(engine.mllpPort)) {
            var base = Hl7.adt("A01", "x", unique("A") + "^^^" + HOSP_A, "许", "一");

            var cid = controlId();
            var ack = Mllp.exchange(engine.mllpPort, base.replace("ADT^A01^ADT_A01|x|", "ORM^O01|" + cid + "|"));
            rejectedWith(base, ack, "200");
            assertThat(field(ack, "MSA", 2)).isEqualTo(cid);
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");
            assertThat(admin.journal(cid).get(0).get("reason").asText()).contains("200");

            cid = controlId();
            ack = Mllp.exchange(engine.mllpPort, base.replace("ADT^A01^ADT_A01|x|", "ADT^A03^ADT_A03|" + cid + "|"));
            rejectedWith(base, ack, "201");
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");

            cid = controlId();
            ack = Mllp.exchange(engine.mllpPort, base.replace("|x|P|2.3.1|", "|" + cid + "|P|2.5|"));
            rejectedWith(base, ack, "203");
            assertThat(field(ack, "MSA", 2)).isEqualTo(cid);

            assertStillServes(bystander, mrn);
        }
    }

    /**
     * Fields shaped like no real value (the fuzz run's slow mutants): HAPI would spend seconds per message on
     * them, so they are refused before parsing, naming the field. At the bound a message is still taken.
     */
    @Test
    void fieldsWithTooManyRepetitionsComponentsOrSubcomponentsGetArNamingTheField() throws Exception {
        var mrn = storedPatient();
        try (var bystander = new Mllp(engine.mllpPort); var c = new Mllp(engine.mllpPort)) {
            var cid = controlId();
            var a01 = Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A, "许", "一" + "^".repeat(20_000));
            var ack = c.send(a01);
            rejectedWith(a01, ack, "102");
            assertThat(field(ack, "MSA", 2)).isEqualTo(cid);
            // a v2.3.1 ERR-1: segment^sequence^field^code&text
            assertThat(field(ack, "ERR", 1)).startsWith("PID^").contains("^5^102&").contains("components");
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");

            cid = controlId();
            var subs = Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A + "&".repeat(25_000), "许", "一");
            ack = c.send(subs);
            rejectedWith(subs, ack, "102");
            assertThat(field(ack, "ERR", 1)).startsWith("PID^").contains("^3^102&").contains("subcomponents");

            cid = controlId();
            var q23 = Hl7.q23(cid, mrn + "^^^" + HOSP_A + "~".repeat(3_000), "");
            ack = c.send(q23);
            rejectedWith(q23, ack, "102");
            // a v2.5 ERR: location in ERR-2, code and text in ERR-3
            assertThat(field(ack, "ERR", 2)).isEqualTo("QPD^1^3^1");
            assertThat(field(ack, "ERR", 3)).startsWith("102^").contains("2000 repetitions");
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");

            // 2 000 repetitions (empty ones after the identifier) are within the bound and answered as usual
            cid = controlId();
            var atBound = Hl7.q23(cid, mrn + "^^^" + HOSP_A + "~".repeat(1_999), "");
            assertThat(field(c.send(atBound), "MSA", 1)).isEqualTo("AA");

            assertStillServes(bystander, mrn);
        }
    }

    @Test
    void missingRequiredFieldsAreAnsweredWithAeAndChangeNothing() throws Exception {
        var mrn = storedPatient();
        // PID-5 missing
        var cid = controlId();
        var noName = Hl7.adt("A01", cid, mrn + "^^^" + HOSP_A, "", "").replace("||^||", "||||");
        var ack = Mllp.exchange(engine.mllpPort, noName);
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(field(ack, "ERR", 1)).startsWith("PID^1^5^101");
        // the stored record still has its name
        assertThat(admin.patient("hosp-a-mrn", mrn).get("records").get(0).get("demographics")
                .get("familyName").asText()).isEqualTo("何");

        // PID-3 missing
        cid = controlId();
        ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, "", "何", "平"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 1)).startsWith("PID^1^3^101");
        assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AE");

        // A40 without MRG
        cid = controlId();
        ack = Mllp.exchange(engine.mllpPort, Hl7.a40(cid, mrn + "^^^" + HOSP_A, "", "何", "平"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "ERR", 1)).startsWith("MRG^1^1^101");
    }

    @Test
    void textThatIsNotHl7GetsArWithErr() throws Exception {
        var mrn = storedPatient();
        try (var bystander = new Mllp(engine.mllpPort); var c = new Mllp(engine.mllpPort)) {
            var ack = c.send("GET / HTTP/1.1\rHost: qiao\r");
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "ERR", 3)).startsWith("100^");
            // the connection stays usable
            var next = c.send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, ""));
            assertThat(field(next, "MSA", 1)).isEqualTo("AA");
            assertStillServes(bystander, mrn);
        }
        // an MSH followed by segments HAPI cannot make sense of, with and without control characters
        for (var tail : new String[] {"XYZ|\u0000\u0001\r", "ZZZ|^~\\&\r"}) {
            var cid = controlId();
            var broken = "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|" + Hl7.now() + "||ADT^A01^ADT_A01|" + cid
                    + "|P|2.3.1\rPID|||\\E\\&&&&&^^^^^^^^^^~~~~|||||||||||||||||||||||||||||||\r" + tail;
            var ack = Mllp.exchange(engine.mllpPort, broken);
            assertThat(field(ack, "MSA", 1)).as(ack).isIn("AE", "AR");
            assertThat(field(ack, "MSA", 2)).isEqualTo(cid);
            assertThat(Hl7.segments(ack, "ERR")).isNotEmpty();
            assertThat(admin.journal(cid)).hasSize(1);
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isIn("AE", "AR");
        }
    }

    @Test
    void dataOutsideAFrameClosesTheConnectionCleanlyAndIsJournaled() throws Exception {
        var mrn = storedPatient();
        try (var bystander = new Mllp(engine.mllpPort); var c = new Mllp(engine.mllpPort)) {
            var marker = unique("JUNK");
            c.sendRaw(("MSH|no start block " + marker + "\r\u001c\r").getBytes(StandardCharsets.UTF_8));
            assertThat(c.closedByPeer()).isTrue();
            var journaled = admin.json("/api/journal?limit=20");
            var found = false;
            for (var row : journaled) {
                if (row.get("raw").asText().contains(marker)) {
                    assertThat(row.get("outcome").asText()).isEqualTo("CLOSED");
                    assertThat(row.get("reason").asText()).contains("framing");
                    found = true;
                }
            }
            assertThat(found).as("framing error journaled").isTrue();
            assertStillServes(bystander, mrn);
        }
    }

    @Test
    void anOversizedFrameIsRefusedWithArAndTheConnectionStaysUsable() throws Exception {
        var mrn = storedPatient();
        var cid = controlId();
        var huge = Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A, "大", "文件")
                + "NTE|1||" + "x".repeat(LIMIT * 2) + "\r";
        try (var c = new Mllp(engine.mllpPort)) {
            var ack = c.send(huge);
            assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(field(ack, "MSA", 2)).isEqualTo(cid);
            assertThat(String.join("", Hl7.segments(ack, "ERR"))).contains("exceeds the limit");
            assertStillServes(c, mrn);
        }
        var journal = admin.journal(cid);
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("outcome").asText()).isEqualTo("AR");
        assertThat(journal.get(0).get("raw").asText().length()).isLessThan(LIMIT);
    }

    @Test
    void aConnectionClosedInsideAFrameIsJournaledAndStoresNothing() throws Exception {
        var mrn = unique("A");
        var marker = controlId();
        try (var c = new Mllp(engine.mllpPort)) {
            var partial = Hl7.adt("A01", marker, mrn + "^^^" + HOSP_A, "断", "线");
            c.sendRaw(("\u000b" + partial.substring(0, partial.length() / 2)).getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(500);
        assertThat(admin.patient("hosp-a-mrn", mrn)).isNull();
        var found = false;
        for (var row : admin.json("/api/journal?limit=20")) {
            if (row.get("raw").asText().contains(marker)) {
                assertThat(row.get("reason").asText()).contains("closed inside a frame");
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    /** Every AE/AR of these tests names a table 0357 error other than 207: malformed input is the sender's. */
    private static void senderError(String ack, String acknowledgement, String code, String controlId) {
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo(acknowledgement);
        assertThat(field(ack, "MSA", 2)).as(ack).isEqualTo(controlId);
        var err = String.join("\r", Hl7.segments(ack, "ERR"));
        assertThat(err).as(ack).contains(code).doesNotContain("207");
    }

    @Test
    void brokenDelimitersAndVersionsAreRefusedWithTheirCodeNotAsInternalErrors() throws Exception {
        var mrn = storedPatient();
        var base = Hl7.adt("A01", "x", unique("A") + "^^^" + HOSP_A, "许", "二");
        // MSH-2 with two encoding characters, or with a repeated one
        for (var encoding : new String[] {"^~", "^~\\^", "^~a&"}) {
            var cid = controlId();
            var ack = Mllp.exchange(engine.mllpPort, base.replace("|x|", "|" + cid + "|")
                    .replaceFirst("\\^~\\\\&", java.util.regex.Matcher.quoteReplacement(encoding)));
            senderError(ack, "AR", "102", cid);
            assertThat(String.join("", Hl7.segments(ack, "ERR"))).contains("MSH-2");
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");
        }
        // a segment break right after MSH: no delimiters at all, and no control id to echo
        var headless = Mllp.exchange(engine.mllpPort, "MSH\r" + base.substring(3));
        assertThat(field(headless, "MSA", 1)).as(headless).isEqualTo("AR");
        assertThat(String.join("", Hl7.segments(headless, "ERR"))).as(headless).contains("102").contains("MSH-1");
        // a segment without a name (its first field separator where the name belongs); HAPI's parser fails
        // on it with a ClassCastException, which must not turn into 207
        var nameless = controlId();
        var noName = Mllp.exchange(engine.mllpPort, base.replace("|x|", "|" + nameless + "|")
                .replace("\rPV1|", "\r|PV1|"));
        senderError(noName, "AR", "100", nameless);
        assertThat(String.join("", Hl7.segments(noName, "ERR"))).contains("Segment 4");
        // MSH-12 repeated: no version HAPI could pick
        var cid = controlId();
        var ack = Mllp.exchange(engine.mllpPort, base.replace("|x|P|2.3.1|", "|" + cid + "|P|2.3.1~2.5|"));
        senderError(ack, "AR", "203", cid);
        assertThat(admin.patient("hosp-a-mrn", mrn)).isNotNull();
    }

    @Test
    void controlCharactersAndALoneEndBlockAreRefusedAndNeverEchoedRaw() throws Exception {
        var mrn = storedPatient();
        try (var bystander = new Mllp(engine.mllpPort); var c = new Mllp(engine.mllpPort)) {
            var cid = controlId();
            var withBell = Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A, "铃\u0007", "声");
            var ack = c.send(withBell);
            senderError(ack, "AR", "102", cid);
            assertThat(String.join("", Hl7.segments(ack, "ERR"))).contains("0x07");

            // a NUL in a header field the journal keeps in its own column (PostgreSQL text cannot hold NUL)
            cid = controlId();
            var nulInHeader = Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A, "空", "字")
                    .replace("|HIS_A|HOSP_A|", "|HIS_A|HOSP\u0000A|");
            senderError(c.send(nulInHeader), "AR", "102", cid);
            assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AR");

            // 0x1C not followed by 0x0D is data inside the frame; echoed raw it would cut the answer short
            cid = controlId();
            var pid3 = unique("A");
            var withFs = Hl7.adt("A01", cid, pid3 + "^^^" + HOSP_A, "块", "尾").replace("|HIS_A|", "|HIS\u001cA|");
            var frame = c.sendFrame(withFs.getBytes(StandardCharsets.UTF_8));
            var answer = new String(frame, StandardCharsets.UTF_8);
            assertThat(answer).doesNotContain("\u001c").contains("HIS\\X1C\\A");
            senderError(answer, "AR", "102", cid);
            assertThat(admin.patient("hosp-a-mrn", pid3)).isNull();
            // the same connection goes on
            assertStillServes(c, mrn);
            assertStillServes(bystander, mrn);
        }
    }

    @Test
    void valuesLongerThanTheRecordKeepsAreAnsweredWithAe102AndChangeNothing() throws Exception {
        var mrn = storedPatient();
        var cid = controlId();
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A08", cid, mrn + "^^^" + HOSP_A, "何", "平".repeat(201)));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(field(ack, "ERR", 1)).as(ack).startsWith("PID^1^5^102");
        assertThat(admin.patient("hosp-a-mrn", mrn).get("records").get(0).get("demographics")
                .get("givenName").asText()).isEqualTo("平");

        cid = controlId();
        ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, "9".repeat(201) + "^^^" + HOSP_A, "长", "号"));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(field(ack, "ERR", 1)).as(ack).startsWith("PID^1^3^102");
        assertThat(admin.journal(cid).get(0).get("outcome").asText()).isEqualTo("AE");
    }

    @Test
    void aControlIdLongerThanTheJournalKeyIsStillDeduplicated() throws Exception {
        // MSH-10 is ST; hospitals send short ids, but a long one must neither fail nor merge with another
        var stem = controlId() + "-" + "7".repeat(800);
        var first = unique("A");
        var second = unique("A");
        var one = Hl7.adt("A01", "CID", first + "^^^" + HOSP_A, "久", "一").replace("|CID|P|", "|" + stem + "1|P|");
        var two = Hl7.adt("A01", "CID", second + "^^^" + HOSP_A, "久", "二").replace("|CID|P|", "|" + stem + "2|P|");
        var ack1 = Mllp.exchange(engine.mllpPort, one);
        var ack2 = Mllp.exchange(engine.mllpPort, two);
        var again = Mllp.exchange(engine.mllpPort, one);
        assertThat(field(ack1, "MSA", 1)).as(ack1).isEqualTo("AA");
        assertThat(field(ack2, "MSA", 1)).as(ack2).isEqualTo("AA");
        // the retry gets the stored answer byte for byte; the other message was its own
        assertThat(again).isEqualTo(ack1);
        assertThat(admin.patient("hosp-a-mrn", first)).isNotNull();
        assertThat(admin.patient("hosp-a-mrn", second)).isNotNull();
    }
}
