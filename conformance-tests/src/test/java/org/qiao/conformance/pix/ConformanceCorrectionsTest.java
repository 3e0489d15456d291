package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.NATIONAL_ID;
import static org.qiao.conformance.support.Hl7.REGIONAL;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.segments;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * Issue 21 at the wire (ITI TF-2a 3.8, 3.9, 3.10, 3.21, 3.22): several identifiers of one domain, assigning
 * authorities that identify no domain, ERR locations, both spellings of a QPD-3 field, and MSH-18 in answers.
 */
class ConformanceCorrectionsTest extends EngineTestSupport {

    private static final String HOSP_A_OID = "2.16.156.10011.0.99.2.1";

    static String send(String message) throws Exception {
        return Mllp.exchange(engine.mllpPort, message);
    }

    static void fed(String pid3, String family, String given) throws Exception {
        var ack = send(Hl7.adt("A01", controlId(), pid3, family, given));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
    }

    /** QBP^Q22 (ITI-21) or QBP^ZV1 (ITI-22), without MSH-18 when {@code charset} is empty. */
    static String pdq(String event, String parameters, String domains, String charset) {
        return "MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QBP^" + event + "^QBP_Q21|" + controlId()
                + "|P|2.5" + (charset.isEmpty() ? "" : "||||||" + charset) + "\r"
                + "QPD|IHE PDQ Query|T" + controlId() + "|" + parameters + "|||||" + domains + "\r"
                + "RCP|I\r";
    }

    /** Each authority in one run of successive repetitions (ITI TF-2a 3.9.4.2.2.6 Case 6). */
    static void assertGrouped(List<String> cxs) {
        assertThat(Hl7.runs(cxs, Hl7::authority)).as("domains of " + cxs).doesNotHaveDuplicates();
    }

    /** A person's identifiers as fed: national id, two HOSP_A MRNs and one HOSP_B MRN. */
    record SplitPerson(String nid, String a1, String b1, String a2) {
    }

    /**
     * One person with two HOSP_A MRNs assigned with other ids in between (A1 + national id, then B1, then A2, all
     * sharing the national id): stored in that order, so an answer in assignment order would split HOSP_A.
     */
    static SplitPerson personWithTwoMrnsOfOneDomainApart(String nidPrefix) throws Exception {
        var person = new SplitPerson(unique(nidPrefix), unique("A"), unique("B"), unique("A"));
        for (var pid3 : List.of(person.a1() + "^^^" + HOSP_A, person.b1() + "^^^" + HOSP_B, person.a2() + "^^^" + HOSP_A)) {
            fed(pid3 + "~" + person.nid() + "^^^" + NATIONAL_ID, "乔", "一");
            Thread.sleep(20); // a later assignment time for each feed
        }
        return person;
    }

    /**
     * ITI-9, 21, 22 answers for {@link #personWithTwoMrnsOfOneDomainApart}. ITI-10 notifications:
     * {@code PixUpdateNotificationTest#severalIdentifiersOfOneDomainAreNotifiedTogether}.
     */
    @Test
    void severalIdentifiersOfOneDomainAreInSuccessiveRepetitionsEverywhere() throws Exception {
        var person = personWithTwoMrnsOfOneDomainApart("6101");
        String nid = person.nid(), a1 = person.a1(), b1 = person.b1(), a2 = person.a2();

        // ITI-9 (Case 6): queried by B's MRN, both HOSP_A MRNs together, in the order they were assigned
        var iti9 = send(Hl7.q23(controlId(), b1 + "^^^" + HOSP_B, ""));
        assertThat(field(iti9, "QAK", 2)).as(iti9).isEqualTo("OK");
        var ids = pid3(iti9);
        assertThat(ids).hasSize(4).contains(nid + "^^^" + NATIONAL_ID).anyMatch(cx -> cx.endsWith("^^^" + REGIONAL));
        assertGrouped(ids);
        assertThat(ids.indexOf(a2 + "^^^" + HOSP_A)).isEqualTo(ids.indexOf(a1 + "^^^" + HOSP_A) + 1);
        // QPD-4 asking for HOSP_A only: just the two, in order
        assertThat(pid3(send(Hl7.q23(controlId(), nid + "^^^" + NATIONAL_ID, "^^^" + HOSP_A))))
                .containsExactly(a1 + "^^^" + HOSP_A, a2 + "^^^" + HOSP_A);

        // ITI-21 (written as text) and ITI-22 (through HAPI's model): PID-3 grouped too
        for (var event : List.of("Q22", "ZV1")) {
            var answer = send(pdq(event, "@PID.3.1^" + b1 + "~@PID.3.4.1^HOSP_B", "", "UNICODE UTF-8"));
            assertThat(field(answer, "QAK", 2)).as(answer).isEqualTo("OK");
            var shown = List.of(field(segments(answer, "PID").get(0), "PID", 3).split("~"));
            assertThat(shown).as(event).hasSize(5);
            assertGrouped(shown);
            assertThat(shown.indexOf(a2 + "^^^" + HOSP_A + "^PI")).as(event)
                    .isEqualTo(shown.indexOf(a1 + "^^^" + HOSP_A + "^PI") + 1);
        }
    }

    /**
     * HAPI's own MLLP client and parser (as a hospital's HAPI-based system reads answers): the ITI-9 answer lists one
     * domain's identifiers in successive PID-3 repetitions (ITI TF-2a 3.9.4.2.2.6 Case 6), and an ITI-21 answer
     * carries both names of a hanzi + pinyin PID-5 (HL7 v2.5 2.A.89 XPN) and names its character set in MSH-18.
     */
    @Test
    void hapisClientReadsGroupedIdentifiersAndBothNames() throws Exception {
        var b1 = personWithTwoMrnsOfOneDomainApart("6102").b1();
        var mrn = unique("A");
        var twoScripts = send(Hl7.adt("A01", controlId(), "HIS_A", "HOSP_A", mrn + "^^^" + HOSP_A,
                "张", "三", "UNICODE UTF-8").replace("|张^三|", "|张^三^^^^^L^I~ZHANG^SAN^^^^^L^P|"));
        assertThat(field(twoScripts, "MSA", 1)).as(twoScripts).isEqualTo("AA");
        try (var hapi = new ca.uhn.hl7v2.DefaultHapiContext()) {
            hapi.setValidationContext(ca.uhn.hl7v2.validation.impl.ValidationContextFactory.noValidation());
            // HAPI's charset-aware framing: it decodes each answer in the character set the answer's MSH-18 names
            hapi.setLowerLayerProtocol(new ca.uhn.hl7v2.llp.ExtendedMinLowerLayerProtocol());
            var connection = hapi.newClient("127.0.0.1", engine.mllpPort, false);
            try {
                var parser = hapi.getPipeParser();
                var iti9 = connection.getInitiator().sendAndReceive(parser.parse(Hl7.q23(controlId(),
                        b1 + "^^^" + HOSP_B, "")));
                var terser = new ca.uhn.hl7v2.util.Terser(iti9);
                assertThat(terser.get("/QAK-2")).isEqualTo("OK");
                var pid = terser.getSegment("/QUERY_RESPONSE/PID");
                var authorities = new java.util.ArrayList<String>();
                for (var cx : pid.getField(3)) {
                    authorities.add(((ca.uhn.hl7v2.model.Composite) cx).getComponent(3).encode());
                }
                assertThat(authorities).as(pid.encode()).hasSize(4);
                assertThat(Hl7.runs(authorities, a -> a)).as(pid.encode()).doesNotHaveDuplicates();

                var iti21 = connection.getInitiator().sendAndReceive(parser.parse(
                        pdq("Q22", "@PID.5.1.1^ZHANG~@PID.3.1^" + mrn, "", "")));
                terser = new ca.uhn.hl7v2.util.Terser(iti21);
                assertThat(terser.get("/QAK-2")).as(iti21.encode()).isEqualTo("OK");
                assertThat(terser.get("/MSH-18")).isEqualTo("UNICODE UTF-8");
                assertThat(terser.get("/QUERY_RESPONSE/PID-5(0)-1")).isEqualTo("张");
                assertThat(terser.get("/QUERY_RESPONSE/PID-5(0)-8")).isEqualTo("I");
                assertThat(terser.get("/QUERY_RESPONSE/PID-5(1)-1")).isEqualTo("ZHANG");
                assertThat(terser.get("/QUERY_RESPONSE/PID-5(1)-8")).isEqualTo("P");
            } finally {
                connection.close();
            }
        }
    }

    /**
     * HL7 v2.5 HD (ITI TF-2a 3.8.4.1.2.3): a universal id without universal id type ISO (or with another type, or
     * a type without an id) identifies no domain: ITI-8 and ITI-30 answer AE at PID-3 and store nothing.
     */
    @Test
    void anAuthorityWithoutUniversalIdTypeIsoIsNoDomainAndNothingIsStored() throws Exception {
        for (var authority : List.of("&" + HOSP_A_OID, "HOSP_A&" + HOSP_A_OID, "&" + HOSP_A_OID + "&DNS",
                "HOSP_A&" + HOSP_A_OID + "&UUID", "HOSP_A&&ISO", "&" + HOSP_A_OID + "&iso")) {
            var mrn = unique("A");
            var iti8 = send(Hl7.adt("A01", controlId(), "HIS_A", "HOSP_A", mrn + "^^^" + authority, "钱", "二",
                    "UNICODE UTF-8"));
            assertThat(field(iti8, "MSA", 1)).as(authority + ": " + iti8).isEqualTo("AE");
            assertThat(field(iti8, "ERR", 1)).as(iti8).startsWith("PID^1^3^204");
            var iti30 = send(Hl7.a28(mrn + "^^^" + authority, "钱", "二"));
            assertThat(field(iti30, "MSA", 1)).as(authority + ": " + iti30).isEqualTo("AE");
            assertThat(field(iti30, "ERR", 2)).as(iti30).isEqualTo("PID^1^3^1^4");
            assertThat(field(iti30, "ERR", 3)).startsWith("204^");
            assertThat(admin.patient("hosp-a-mrn", mrn)).as(authority).isNull();
        }
        // the same identifier with a complete authority, or the namespace alone, is accepted and stored
        var ok = unique("A");
        fed(ok + "^^^&" + HOSP_A_OID + "&ISO", "钱", "二");
        assertThat(admin.patient("hosp-a-mrn", ok)).isNotNull();
        var ok30 = send(Hl7.pam("A28", "ADT_A05", "^^^" + HOSP_A,
                Hl7.pamPid(unique("A") + "^^^HOSP_A", "钱", "二") + "PV1||N\r"));
        assertThat(field(ok30, "MSA", 1)).as(ok30).isEqualTo("AA");

        // ITI-9: QPD-3 (Case 3, QPD^1^3^1^4) and QPD-4 (Case 5, QPD^1^4^n)
        var q3 = send(Hl7.q23(controlId(), ok + "^^^&" + HOSP_A_OID, ""));
        assertThat(field(q3, "MSA", 1)).as(q3).isEqualTo("AE");
        assertThat(field(q3, "ERR", 2)).isEqualTo("QPD^1^3^1^4");
        assertThat(field(q3, "ERR", 3)).startsWith("204^");
        var q4 = send(Hl7.q23(controlId(), ok + "^^^" + HOSP_A, "^^^" + REGIONAL + "~^^^&2.16.156.10011.1.3"));
        assertThat(field(q4, "MSA", 1)).as(q4).isEqualTo("AE");
        assertThat(segments(q4, "ERR")).hasSize(1);
        assertThat(field(q4, "ERR", 2)).isEqualTo("QPD^1^4^2");
        assertThat(pid3(q4)).isEmpty();
        // and complete: answered
        assertThat(field(send(Hl7.q23(controlId(), ok + "^^^&" + HOSP_A_OID + "&ISO", "")), "QAK", 2)).isEqualTo("OK");

        // ITI-21/22: QPD-8 (QPD^1^8^n) and an identifier's authority in QPD-3
        for (var event : List.of("Q22", "ZV1")) {
            var q8 = send(pdq(event, "@PID.3.1^" + ok, "^^^&" + HOSP_A_OID + "&ISO~^^^&" + HOSP_A_OID, ""));
            assertThat(field(q8, "MSA", 1)).as(q8).isEqualTo("AE");
            assertThat(field(q8, "QAK", 2)).isEqualTo("AE");
            assertThat(segments(q8, "ERR")).hasSize(1);
            assertThat(field(q8, "ERR", 2)).isEqualTo("QPD^1^8^2");
            assertThat(segments(q8, "PID")).isEmpty();
            var byOid = send(pdq(event, "@PID.3.1^" + ok + "~@PID.3.4.2^" + HOSP_A_OID, "", ""));
            assertThat(field(byOid, "MSA", 1)).as(byOid).isEqualTo("AE");
            assertThat(field(byOid, "ERR", 2)).isEqualTo("QPD^1^3^2^2");
            var complete = send(pdq(event, "@PID.3.1^" + ok + "~@PID.3.4.2^" + HOSP_A_OID + "~@PID.3.4.3^ISO",
                    "^^^&" + HOSP_A_OID + "&ISO", ""));
            assertThat(field(complete, "QAK", 2)).as(complete).isEqualTo("OK");
            assertThat(field(complete, "PID", 3)).isEqualTo(ok + "^^^" + HOSP_A + "^PI");
        }
    }

    /** ITI TF-2a 3.21.4.2.2 / 3.22: an unrecognised QPD-8 domain is located at its repetition, no component. */
    @Test
    void unknownQpd8DomainsAreLocatedAtTheirRepetition() throws Exception {
        for (var event : List.of("Q22", "ZV1")) {
            var answer = send(pdq(event, "@PID.5.1.1^NOBODY", "^^^" + HOSP_A + "~^^^NOWHERE~^^^&1.2.3.4&ISO", ""));
            assertThat(field(answer, "MSH", 9)).isEqualTo("Q22".equals(event) ? "RSP^K22^RSP_K21" : "RSP^ZV2^RSP_ZV2");
            assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AE");
            var errs = segments(answer, "ERR");
            assertThat(errs).hasSize(2);
            assertThat(field(errs.get(0), "ERR", 2)).isEqualTo("QPD^1^8^2");
            assertThat(field(errs.get(1), "ERR", 2)).isEqualTo("QPD^1^8^3");
            assertThat(errs).allMatch(e -> field(e, "ERR", 3).startsWith("204^"));
        }
    }

    /** ITI-21: PID-18 (and the other parameters) by field or by first component, e.g. @PID.18 and @PID.18.1. */
    @Test
    void anAccountNumberFindsThePatientByEitherSpelling() throws Exception {
        var mrn = unique("A");
        var account = unique("ACC");
        var family = unique("SUN");
        var ack = send("MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|" + Hl7.now() + "||ADT^A01^ADT_A01|" + controlId()
                + "|P|2.3.1\r" + "EVN|A01|" + Hl7.now() + "\r"
                + "PID|||" + mrn + "^^^" + HOSP_A + "||" + family + "^WU||19900303|F|||||028-7|||||" + account + "\r"
                + "PV1||O\r");
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        for (var name : List.of("@PID.18", "@PID.18.1", "@PID.18.1.1", "@pid.18")) {
            var answer = send(pdq("Q22", name + "^" + account, "", ""));
            assertThat(field(answer, "QAK", 2)).as(name + ": " + answer).isEqualTo("OK");
            assertThat(segments(answer, "PID")).hasSize(1);
            assertThat(field(answer, "PID", 3)).contains(mrn + "^^^" + HOSP_A);
            assertThat(field(answer, "PID", 18)).isEqualTo(account);
        }
        // the other parameters in both spellings
        for (var parameters : List.of("@PID.5^" + family, "@PID.5.1^" + family, "@PID.5.1.1^" + family,
                "@PID.5.1.1^" + family + "~@PID.5.2.1^WU~@PID.8.1^F~@PID.7.1.1^19900303~@PID.13^028-7",
                "@PID.3^" + mrn, "@PID.3.1.1^" + mrn + "~@PID.3.4^HOSP_A")) {
            var answer = send(pdq("Q22", parameters, "", ""));
            assertThat(field(answer, "QAK", 2)).as(parameters + ": " + answer).isEqualTo("OK");
            assertThat(field(answer, "PID", 3)).contains(mrn);
        }
        // another account number, or another component of PID-18, finds nothing / is not a parameter
        assertThat(field(send(pdq("Q22", "@PID.18^" + account + "X", "", "")), "QAK", 2)).isEqualTo("NF");
        var component = send(pdq("Q22", "@PID.5.1.1^" + family + "~@PID.18.4^" + account, "", ""));
        assertThat(field(component, "MSA", 1)).as(component).isEqualTo("AE");
        assertThat(field(component, "ERR", 2)).isEqualTo("QPD^1^3^2^1");
        assertThat(field(component, "ERR", 3)).startsWith("103^");
    }

    /**
     * HL7 v2.5 2.15.9.18, ITI TF-2x C.2.2: an answer carrying text beyond ASCII names its character set in
     * MSH-18, also when the request had none (then UTF-8, the bytes it is sent in); a request's set is kept.
     */
    @Test
    void answersBeyondAsciiNameTheCharacterSetTheirBytesAreIn() throws Exception {
        var mrn = unique("A");
        var family = "欧阳" + unique("");
        fed(mrn + "^^^" + HOSP_A, family, "娜");
        try (var mllp = new Mllp(engine.mllpPort)) {
            // ITI-21 without MSH-18, answered with hanzi: UTF-8, named
            var bytes = mllp.sendFrame(pdq("Q22", "@PID.3.1^" + mrn, "", "").getBytes(StandardCharsets.US_ASCII));
            var answer = new String(bytes, StandardCharsets.UTF_8);
            assertThat(field(answer, "MSH", 18)).as(answer).isEqualTo("UNICODE UTF-8");
            assertThat(field(answer, "PID", 5)).isEqualTo(family + "^娜");
            // ITI-22 (through HAPI's model) alike
            answer = new String(mllp.sendFrame(pdq("ZV1", "@PID.3.1^" + mrn, "", "")
                    .getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
            assertThat(field(answer, "MSH", 18)).as(answer).isEqualTo("UNICODE UTF-8");
            assertThat(field(answer, "PID", 5)).isEqualTo(family + "^娜");
            // an ASCII answer to a request without MSH-18 names nothing
            answer = new String(mllp.sendFrame(pdq("Q22", "@PID.5.1.1^NOBODY" + mrn, "", "")
                    .getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8);
            assertThat(field(answer, "QAK", 2)).isEqualTo("NF");
            assertThat(field(answer, "MSH", 18)).as(answer).isEmpty();
            // a request naming GB 18030 gets its answer in GB 18030, named so
            var gb = Charset.forName("GB18030");
            answer = new String(mllp.sendFrame(pdq("Q22", "@PID.3.1^" + mrn, "", "GB 18030-2000").getBytes(gb)), gb);
            assertThat(field(answer, "MSH", 18)).isEqualTo("GB 18030-2000");
            assertThat(field(answer, "PID", 5)).isEqualTo(family + "^娜");
            // ITI-8 AE whose ERR quotes the sender's hanzi, request without MSH-18
            var nak = new String(mllp.sendFrame(Hl7.adt("A01", controlId(), "HIS_A", "HOSP_A", mrn + "^^^医院",
                    "钱", "二", "").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(field(nak, "MSA", 1)).as(nak).isEqualTo("AE");
            assertThat(nak).contains("医院");
            assertThat(field(nak, "MSH", 18)).isEqualTo("UNICODE UTF-8");
            // the MLLP layer's own refusal (AR, unsupported event) echoing a hanzi sending application
            var ar = new String(mllp.sendFrame(("MSH|^~\\&|挂号|HOSP_A|QIAO|REGION|" + Hl7.now() + "||ADT^Z99|"
                    + controlId() + "|P|2.3.1\rEVN|Z99\r").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(field(ar, "MSA", 1)).as(ar).isEqualTo("AR");
            assertThat(ar).contains("挂号");
            assertThat(field(ar, "MSH", 18)).isEqualTo("UNICODE UTF-8");
        }

        // an independent client (Debian python3-hl7's mllp_send) reads the answer as MSH-18 says
        var file = Files.createTempFile("iti21-", ".hl7");
        try {
            Files.writeString(file, pdq("Q22", "@PID.3.1^" + mrn, "", "").replace("\r", "\n"), StandardCharsets.US_ASCII);
            var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p",
                    String.valueOf(engine.mllpPort), "127.0.0.1").redirectErrorStream(true).start();
            var out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            var answer = new String(out, StandardCharsets.UTF_8).replace("\u000b", "").replace("\u001c", "");
            assertThat(p.exitValue()).as(answer).isZero();
            assertThat(field(answer, "MSH", 18)).as(answer).isEqualTo("UNICODE UTF-8");
            assertThat(answer).contains(family + "^娜");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
