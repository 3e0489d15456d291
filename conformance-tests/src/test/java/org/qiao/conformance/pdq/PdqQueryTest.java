package org.qiao.conformance.pdq;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.support.Hl7.HEALTH_CARD;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.NATIONAL_ID;
import static org.qiao.conformance.support.Hl7.REGIONAL;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.segments;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * ITI-21 Patient Demographics Query at the wire: patients fed with ITI-8, found by QBP^Q22 with our MLLP
 * client (ITI TF-2a 3.21).
 */
class PdqQueryTest extends EngineTestSupport {

    static String send(String message) throws Exception {
        return Mllp.exchange(engine.mllpPort, message);
    }

    /** An ITI-8 A01 with the demographics PDQ searches on. */
    static void feed(String pid3, String family, String given, String birthDate, String sex, String city,
                     String phone, String account) throws Exception {
        var sender = Hl7.sender(pid3.substring(pid3.indexOf("^^^") + 3));
        var ack = send("MSH|^~\\&|" + sender[0] + "|" + sender[1] + "|QIAO|REGION|" + Hl7.now()
                + "||ADT^A01^ADT_A01|" + controlId() + "|P|2.3.1||||||UNICODE UTF-8\r"
                + "EVN|A01|" + Hl7.now() + "\r"
                + "PID|||" + pid3 + "||" + family + "^" + given + "||" + birthDate + "|" + sex
                + "|||人民路1号^^" + city + "^四川省^610000^CHN||" + phone + "|||||" + account + "\r"
                + "PV1||O\r");
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
    }

    static void feed(String pid3, String family, String given) throws Exception {
        feed(pid3, family, given, "19700101", "M", "成都市", "028-1", "");
    }

    /** QBP^Q22 (v2.5) with QPD-3 parameters, QPD-8 domains, RCP-2 limit and DSC-1 pointer (each may be empty). */
    static String q22(String tag, String parameters, String domains, String limit, String pointer) {
        return "MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QBP^Q22^QBP_Q21|" + controlId()
                + "|P|2.5||||||UNICODE UTF-8\r"
                + "QPD|IHE PDQ Query|" + tag + "|" + parameters + "|||||" + domains + "\r"
                + "RCP|I|" + limit + "\r"
                + (pointer.isEmpty() ? "" : "DSC|" + pointer + "|I\r");
    }

    static String query(String parameters) throws Exception {
        return send(q22("T" + controlId(), parameters, "", "", ""));
    }

    static List<String> pid3s(String response) {
        var all = new ArrayList<List<String>>();
        for (var pid : segments(response, "PID")) {
            all.add(List.of(field(pid, "PID", 3).split("~")));
        }
        return all.stream().map(ids -> String.join("~", ids)).toList();
    }

    static void assertError(String response, String location, String code) {
        assertThat(field(response, "MSH", 9)).as(response).isEqualTo("RSP^K22^RSP_K21");
        assertThat(field(response, "MSA", 1)).as(response).isEqualTo("AE");
        assertThat(field(response, "QAK", 2)).as(response).isEqualTo("AE");
        assertThat(field(response, "ERR", 2)).as(response).isEqualTo(location);
        assertThat(field(response, "ERR", 3)).as(response).startsWith(code + "^");
        assertThat(segments(response, "PID")).isEmpty();
    }

    /**
     * HAPI's own MLLP client (an independent implementation, as a hospital's HAPI-based system uses): an ITI-30
     * A28 creates the patient, an ITI-21 query finds it.
     */
    @Test
    void hapisClientFeedsWithIti30AndQueriesWithIti21() throws Exception {
        var family = unique("HAPI");
        var mrn = unique("A") + "^^^" + HOSP_A;
        try (var hapi = new ca.uhn.hl7v2.DefaultHapiContext()) {
            hapi.setValidationContext(ca.uhn.hl7v2.validation.impl.ValidationContextFactory.noValidation());
            var connection = hapi.newClient("127.0.0.1", engine.mllpPort, false);
            try {
                var ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(Hl7.a28(mrn, family, "Hai")))
                        .encode();
                assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
                var answer = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(
                        q22("T" + controlId(), "@PID.5.1.1^" + family, "", "", ""))).encode();
                assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AA");
                assertThat(field(answer, "QAK", 2)).isEqualTo("OK");
                assertThat(segments(answer, "PID")).hasSize(1);
                assertThat(field(answer, "PID", 3)).contains(mrn);
                assertThat(field(answer, "PID", 5)).isEqualTo(family + "^Hai");
            } finally {
                connection.close();
            }
        }
    }

    /**
     * A query matching more persons than qiao.pdq.max-results (1000) is refused, not cut short: the supplier
     * returns all matches (ITI TF-2a 3.21.2), so the consumer is told to narrow it; the narrowed one is answered.
     */
    @Test
    void aQueryMatchingMoreThanTheLimitIsRefusedAndANarrowerOneAnswered() throws Exception {
        var family = unique("WANG");
        var feeds = new ArrayList<String>();
        for (int i = 0; i <= 1000; i++) {
            var birth = i == 0 ? "19410101" : "19700101";
            feeds.add(Hl7.adt("A01", controlId(), unique("A") + "^^^" + HOSP_A, family, "Wu" + i)
                    .replace("||19850612|F|", "||" + birth + "|F|"));
        }
        assertThat(Mllp.exchangeAll(engine.mllpPort, feeds, 8)).allSatisfy(ack ->
                assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA"));
        var tooWide = send(q22("T" + controlId(), "@PID.5.1.1^" + family, "", "10^RD", ""));
        assertError(tooWide, "QPD^1^3^1", "207");
        assertThat(field(tooWide, "ERR", 8)).contains("Too many matches").contains("1000");
        assertThat(segments(tooWide, "DSC")).isEmpty();

        var narrowed = query("@PID.5.1.1^" + family + "~@PID.7.1^19410101");
        assertThat(field(narrowed, "QAK", 2)).as(narrowed).isEqualTo("OK");
        assertThat(segments(narrowed, "PID")).hasSize(1);
        assertThat(field(narrowed, "PID", 5)).isEqualTo(family + "^Wu0");
    }

    @Test
    void aNameFindsThePersonWithAllItsIdentifiersAndDemographics() throws Exception {
        var family = unique("ZHANG");
        var mrnA = unique("A");
        var mrnB = unique("B");
        var nid = unique("5101");
        feed(mrnA + "^^^" + HOSP_A + "~" + nid + "^^^" + NATIONAL_ID, family, "San", "19850612", "M", "成都市",
                "028-86651234", "ACC" + mrnA);
        feed(mrnB + "^^^" + HOSP_B + "~" + nid + "^^^" + NATIONAL_ID, family, "San", "19850612", "M", "成都市",
                "13880001234", "");

        // lower case finds the upper-case name: names are compared case-insensitively
        var response = query("@PID.5.1.1^" + family.toLowerCase() + "~@PID.5.2^san");
        assertThat(field(response, "MSH", 9)).isEqualTo("RSP^K22^RSP_K21");
        assertThat(field(response, "MSA", 1)).isEqualTo("AA");
        assertThat(field(response, "QAK", 2)).isEqualTo("OK");
        assertThat(segments(response, "PID")).hasSize(1);
        var pid = segments(response, "PID").get(0);
        assertThat(List.of(field(pid, "PID", 3).split("~")))
                .contains(mrnA + "^^^" + HOSP_A + "^PI", mrnB + "^^^" + HOSP_B + "^PI", nid + "^^^" + NATIONAL_ID + "^PI")
                .anyMatch(cx -> cx.endsWith("^^^" + REGIONAL + "^PI"))
                .hasSize(4);
        assertThat(field(pid, "PID", 5)).isEqualTo(family + "^San");
        assertThat(field(pid, "PID", 7)).isEqualTo("19850612");
        assertThat(field(pid, "PID", 8)).isEqualTo("M");
        assertThat(field(pid, "PID", 11)).contains("成都市");
        // the QPD is echoed and QAK-1 carries the query tag
        assertThat(field(response, "QAK", 1)).isEqualTo(field(segments(response, "QPD").get(0), "QPD", 2));
        assertThat(field(response, "QAK", 4)).isEqualTo("1");

        // phone and account number (PID-18) find the same person
        assertThat(pid3s(query("@PID.13.1^028-86651234~@PID.5.1.1^" + family))).hasSize(1);
        assertThat(pid3s(query("@PID.18.1^ACC" + mrnA))).hasSize(1).allMatch(ids -> ids.contains(mrnB));
    }

    @Test
    void hanziNamesAndATrailingWildcard() throws Exception {
        var given = unique("秀");
        feed(unique("A") + "^^^" + HOSP_A, "欧阳", given);
        feed(unique("A") + "^^^" + HOSP_A, "欧", given);
        feed(unique("A") + "^^^" + HOSP_A, "阳", given);

        assertThat(pid3s(query("@PID.5.1.1^欧阳~@PID.5.2^" + given))).hasSize(1);
        assertThat(pid3s(query("@PID.5.1.1^欧~@PID.5.2^" + given))).hasSize(1);
        assertThat(pid3s(query("@PID.5.1.1^欧*~@PID.5.2^" + given))).hasSize(2);
        // the wildcard works on the given name too, and LIKE's own wildcards are plain characters
        assertThat(pid3s(query("@PID.5.2^" + given.substring(0, given.length() - 1) + "*"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(field(query("@PID.5.1.1^欧%"), "QAK", 2)).isEqualTo("NF");
        assertThat(field(query("@PID.5.1.1^_阳"), "QAK", 2)).isEqualTo("NF");
    }

    @Test
    void birthDateAndSexNarrowAName() throws Exception {
        var family = unique("LI");
        var her = unique("A");
        feed(her + "^^^" + HOSP_A, family, "Na", "19900101", "F", "成都市", "1", "");
        feed(unique("A") + "^^^" + HOSP_A, family, "Na", "19900101", "M", "成都市", "1", "");
        feed(unique("A") + "^^^" + HOSP_A, family, "Na", "19911231", "F", "成都市", "1", "");

        assertThat(pid3s(query("@PID.5.1.1^" + family))).hasSize(3);
        var response = query("@PID.5.1.1^" + family + "~@PID.7.1^19900101~@PID.8^F");
        assertThat(pid3s(response)).hasSize(1).allMatch(ids -> ids.contains(her + "^^^" + HOSP_A));
        // a birth date given with a time still means the day
        assertThat(pid3s(query("@PID.5.1.1^" + family + "~@PID.7.1^199001010830~@PID.8^F"))).hasSize(1);
        // city
        assertThat(pid3s(query("@PID.5.1.1^" + family + "~@PID.11.3^重庆市"))).isEmpty();
    }

    @Test
    void anIdentifierFindsItsPersonAndAnUnknownDomainIsAnError() throws Exception {
        var mrn = unique("A");
        var card = unique("HC");
        feed(mrn + "^^^" + HOSP_A + "~" + card + "^^^" + HEALTH_CARD, unique("WU"), "Yi");

        var byMrn = query("@PID.3.1^" + mrn + "~@PID.3.4.1^HOSP_A");
        assertThat(pid3s(byMrn)).hasSize(1).allMatch(ids -> ids.contains(card));
        var byOid = query("@PID.3.1^" + card + "~@PID.3.4.2^2.16.156.10011.1.19~@PID.3.4.3^ISO");
        assertThat(pid3s(byOid)).hasSize(1).allMatch(ids -> ids.contains(mrn));
        // an identifier value alone, any domain
        assertThat(pid3s(query("@PID.3.1^" + mrn))).hasSize(1);
        // the right value in the wrong domain is no match
        assertThat(field(query("@PID.3.1^" + mrn + "~@PID.3.4.1^HOSP_B"), "QAK", 2)).isEqualTo("NF");

        assertError(query("@PID.3.1^" + mrn + "~@PID.3.4.1^NOWHERE"), "QPD^1^3^2^2", "204");
    }

    @Test
    void whatDomainsReturnedFiltersIdentifiersAndUnknownDomainsAreErrors() throws Exception {
        var family = unique("ZHAO");
        var mrnA = unique("A");
        var mrnB = unique("B");
        var nid = unique("5101");
        feed(mrnA + "^^^" + HOSP_A + "~" + nid + "^^^" + NATIONAL_ID, family, "Liu");
        feed(mrnB + "^^^" + HOSP_B + "~" + nid + "^^^" + NATIONAL_ID, family, "Liu");
        var onlyInA = unique("A");
        feed(onlyInA + "^^^" + HOSP_A, family, "Qi");

        var onlyB = send(q22("T" + controlId(), "@PID.5.1.1^" + family, "^^^" + HOSP_B, "", ""));
        // the person with no identifier in hospital B is not a match; the other shows only B's MRN
        assertThat(pid3s(onlyB)).containsExactly(mrnB + "^^^" + HOSP_B + "^PI");

        var two = send(q22("T" + controlId(), "@PID.5.1.1^" + family, "^^^HOSP_A~^^^" + REGIONAL, "", ""));
        assertThat(pid3s(two)).hasSize(2).anyMatch(ids -> ids.startsWith(mrnA + "^^^" + HOSP_A)
                && ids.contains("^^^" + REGIONAL) && !ids.contains(nid));

        // ITI TF-2a: an unrecognised domain in QPD-8 is an error, located at its repetition
        var unknown = send(q22("T" + controlId(), "@PID.5.1.1^" + family, "^^^UNKNOWNDOMAIN", "", ""));
        assertError(unknown, "QPD^1^8^1", "204");
        var secondUnknown = send(q22("T" + controlId(), "@PID.5.1.1^" + family,
                "^^^" + HOSP_A + "~^^^XX&1.2.3&ISO~^^^YY", "", ""));
        assertThat(segments(secondUnknown, "ERR")).hasSize(2);
        assertThat(field(segments(secondUnknown, "ERR").get(0), "ERR", 2)).isEqualTo("QPD^1^8^2");
        assertThat(field(segments(secondUnknown, "ERR").get(1), "ERR", 2)).isEqualTo("QPD^1^8^3");
    }

    @Test
    void aQueryIsAuditedAsIti21WithThePatientItAskedFor() throws Exception {
        var mrn = unique("A");
        feed(mrn + "^^^" + HOSP_A, unique("SUN"), "Ba");
        // IPF's ITI-21 audit names the patient of an identifier query (the patients returned only with
        // ipf.atna.include-participants-from-response, which is off)
        assertThat(pid3s(query("@PID.3.1^" + mrn + "~@PID.3.4.1^HOSP_A"))).hasSize(1);
        var auditor = new AdminClient(engine, Engine.AUDITOR);
        var path = "/api/audit/count?eventType=ITI-21&patient="
                + URLEncoder.encode(mrn, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> auditor.json(path).get("count").asLong() >= 1);
    }

    /** QBP^ZV1 (ITI-22) with QPD-3 parameters and RCP-2 limit. */
    static String zv1(String tag, String parameters, String limit, String pointer) {
        return q22(tag, parameters, "", limit, pointer).replace("QBP^Q22^QBP_Q21", "QBP^ZV1^QBP_Q21");
    }

    @Test
    void iti22FindsByVisitAndAnswersEachPidWithItsPv1() throws Exception {
        var family = unique("VISIT");
        var inpatient = unique("A");
        var admission = controlId();
        // Hl7.adt: inpatient in NEI^301^2^HOSP, attending D0087^王^建国, visit number V + control id
        var ack = send(Hl7.adt("A01", admission, inpatient + "^^^" + HOSP_A, family, "Yi"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        var outpatient = unique("A");
        feed(outpatient + "^^^" + HOSP_A, family, "Er"); // PV1||O

        var byClass = send(zv1("T" + controlId(), "@PID.5.1.1^" + family + "~@PV1.2^I", "", ""));
        assertThat(field(byClass, "MSH", 9)).as(byClass).isEqualTo("RSP^ZV2^RSP_ZV2");
        assertThat(field(byClass, "MSA", 1)).isEqualTo("AA");
        assertThat(pid3s(byClass)).hasSize(1).allMatch(ids -> ids.startsWith(inpatient + "^^^"));
        var segmentNames = java.util.Arrays.stream(byClass.split("\r")).map(seg -> seg.substring(0, 3)).toList();
        assertThat(segmentNames).containsSubsequence("QPD", "PID", "PV1");
        var pv1 = segments(byClass, "PV1").get(0);
        assertThat(field(pv1, "PV1", 2)).isEqualTo("I");
        assertThat(field(pv1, "PV1", 3)).isEqualTo("NEI^301^2^HOSP");
        assertThat(field(pv1, "PV1", 7)).startsWith("D0087^王^建国");
        assertThat(field(pv1, "PV1", 19)).isEqualTo("V" + admission);

        assertThat(pid3s(send(zv1("T" + controlId(), "@PV1.19.1^V" + admission, "", "")))).hasSize(1);
        assertThat(pid3s(send(zv1("T" + controlId(), "@PID.5.1.1^" + family + "~@PV1.3.1^NEI~@PV1.7.1^D0087",
                "", "")))).hasSize(1);
        assertThat(field(send(zv1("T" + controlId(), "@PID.5.1.1^" + family + "~@PV1.3.1^ICU", "", "")),
                "QAK", 2)).isEqualTo("NF");

        // both, one per message: each page carries its PV1
        var tag = "T" + controlId();
        var first = send(zv1(tag, "@PID.5.1.1^" + family, "1^RD", ""));
        assertThat(segments(first, "PID")).hasSize(1);
        assertThat(segments(first, "PV1")).hasSize(1);
        var second = send(zv1(tag, "@PID.5.1.1^" + family, "1^RD", field(first, "DSC", 1)));
        assertThat(field(second, "MSH", 9)).isEqualTo("RSP^ZV2^RSP_ZV2");
        assertThat(field(segments(second, "PV1").get(0), "PV1", 2)).isEqualTo("O");
        assertThat(segments(second, "DSC")).isEmpty();

        // visit parameters belong to ITI-22; errors of a ZV1 are RSP^ZV2
        assertError(query("@PID.5.1.1^" + family + "~@PV1.2^I"), "QPD^1^3^2^1", "103");
        var zv2Error = send(zv1("T" + controlId(), "@PV1.99^X", "", ""));
        assertThat(field(zv2Error, "MSH", 9)).isEqualTo("RSP^ZV2^RSP_ZV2");
        assertThat(field(zv2Error, "MSA", 1)).isEqualTo("AE");
        assertThat(field(zv2Error, "ERR", 2)).isEqualTo("QPD^1^3^1^1");
    }

    @Test
    void noMatchIsNfWithoutPid() throws Exception {
        var response = query("@PID.5.1.1^" + unique("NOBODY"));
        assertThat(field(response, "MSA", 1)).isEqualTo("AA");
        assertThat(field(response, "QAK", 2)).isEqualTo("NF");
        assertThat(segments(response, "PID")).isEmpty();
        assertThat(segments(response, "ERR")).isEmpty();
    }

    @Test
    void moreMatchesThanTheLimitAreContinuedPageByPage() throws Exception {
        var family = unique("CHEN");
        var mrns = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            var mrn = unique("A");
            mrns.add(mrn);
            feed(mrn + "^^^" + HOSP_A, family, "G" + i);
        }
        var tag = "T" + controlId();
        var seen = new ArrayList<String>();

        var first = send(q22(tag, "@PID.5.1.1^" + family, "", "2^RD", ""));
        assertThat(segments(first, "PID")).hasSize(2);
        assertThat(field(first, "QAK", 4)).isEqualTo("5");
        assertThat(field(first, "QAK", 5)).isEqualTo("2");
        assertThat(field(first, "QAK", 6)).isEqualTo("3");
        assertThat(field(first, "DSC", 2)).isEqualTo("I");
        var pointer1 = field(first, "DSC", 1);
        seen.addAll(pid3s(first));

        var second = send(q22(tag, "@PID.5.1.1^" + family, "", "2^RD", pointer1));
        assertThat(field(second, "MSA", 1)).isEqualTo("AA");
        assertThat(segments(second, "PID")).hasSize(2);
        assertThat(field(second, "QAK", 6)).isEqualTo("1");
        var pointer2 = field(second, "DSC", 1);
        assertThat(pointer2).isNotEqualTo(pointer1);
        seen.addAll(pid3s(second));
        // a consumer that lost an answer asks again with the same pointer and gets the same page
        assertThat(pid3s(send(q22(tag, "@PID.5.1.1^" + family, "", "2^RD", pointer1)))).isEqualTo(pid3s(second));

        var third = send(q22(tag, "@PID.5.1.1^" + family, "", "2^RD", pointer2));
        assertThat(segments(third, "PID")).hasSize(1);
        assertThat(segments(third, "DSC")).isEmpty();
        assertThat(field(third, "QAK", 6)).isEqualTo("0");
        seen.addAll(pid3s(third));

        // every person once, in the same order on every page
        assertThat(seen).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(seen.get(i)).startsWith(mrns.get(i) + "^^^");
        }
        // PID-1 counts within each message
        assertThat(field(segments(second, "PID").get(1), "PID", 1)).isEqualTo("2");
    }

    @Test
    void aCancelForgetsTheContinuation() throws Exception {
        var family = unique("HUANG");
        for (int i = 0; i < 3; i++) {
            feed(unique("A") + "^^^" + HOSP_A, family, "G" + i);
        }
        var tag = "T" + controlId();
        var first = send(q22(tag, "@PID.5.1.1^" + family, "", "1^RD", ""));
        var pointer = field(first, "DSC", 1);
        assertThat(pointer).isNotEmpty();

        var ack = send("MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QCN^J01^QCN_J01|" + controlId()
                + "|P|2.5\rQID|" + tag + "|IHE PDQ Query\r");
        assertThat(field(ack, "MSH", 9)).isEqualTo("ACK^J01^ACK");
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");

        var after = send(q22(tag, "@PID.5.1.1^" + family, "", "1^RD", pointer));
        assertError(after, "DSC^1^1^1^1", "204");

        // a continuation belongs to the consumer that asked: another application cannot read it
        var tag2 = "T" + controlId();
        var pointer2 = field(send(q22(tag2, "@PID.5.1.1^" + family, "", "1^RD", "")), "DSC", 1);
        var other = q22(tag2, "@PID.5.1.1^" + family, "", "1^RD", pointer2).replace("|EMR_C|CLINIC_C|", "|EMR_X|CLINIC_C|");
        assertThat(field(send(other), "MSA", 1)).isEqualTo("AE");
    }

    @Test
    void brokenQueriesAreAnsweredWithErrorsThatLocateTheProblem() throws Exception {
        var header = "MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QBP^Q22^QBP_Q21|";
        // no QPD at all
        var noQpd = controlId();
        assertError(send(header + noQpd + "|P|2.5\rRCP|I\r"), "QPD^1", "100");
        // another query name in QPD-1
        assertError(send(header + controlId() + "|P|2.5\rQPD|IHE PIX Query|T1|@PID.5.1.1^X\rRCP|I\r"),
                "QPD^1^1^1^1", "103");
        // no query tag
        assertError(send(header + controlId() + "|P|2.5\rQPD|IHE PDQ Query||@PID.5.1.1^X\rRCP|I\r"),
                "QPD^1^2^1^1", "101");
        // no parameter, and a parameter this supplier does not search on
        assertError(query(""), "QPD^1^3^1^1", "101");
        assertError(query("@PID.5.1.1^X~@PID.99^Y"), "QPD^1^3^2^1", "103");
        // a birth date that is not one
        assertError(query("@PID.7.1^yesterday"), "QPD^1^3^1^2", "102");
        // RCP: a limit that is not a number, a unit that is not records, a deferred query
        assertError(send(q22("T1", "@PID.5.1.1^X", "", "ten^RD", "")), "RCP^1^2^1^1", "102");
        assertError(send(q22("T1", "@PID.5.1.1^X", "", "10^LI", "")), "RCP^1^2^1^2", "103");
        assertError(send(header + controlId() + "|P|2.5\rQPD|IHE PDQ Query|T1|@PID.5.1.1^X\rRCP|D\r"),
                "RCP^1^1^1^1", "103");
        // no RCP
        assertError(send(header + controlId() + "|P|2.5\rQPD|IHE PDQ Query|T1|@PID.5.1.1^X\r"), "RCP^1", "100");
        // a cancel without a query tag
        var ack = send("MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QCN^J01^QCN_J01|" + controlId()
                + "|P|2.5\rQID\r");
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        // journaled as ITI-21 with its outcome and reason
        var journaled = admin.journal(noQpd).get(0);
        assertThat(journaled.get("transaction").asText()).isEqualTo("ITI-21");
        assertThat(journaled.get("outcome").asText()).isEqualTo("AE");
        assertThat(journaled.get("reason").asText()).contains("QPD segment missing");
    }
}
