package org.qiao.conformance.pix;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;


import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HEALTH_CARD;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.NATIONAL_ID;
import static org.qiao.conformance.support.Hl7.REGIONAL;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.segments;
import static org.qiao.conformance.support.Hl7.unique;

/** ITI-8 feeds and ITI-9 queries at the wire, with our socket client and with HAPI's client. */
class PixFeedAndQueryTest extends EngineTestSupport {

    static HapiContext hapi;

    @BeforeAll
    static void startHapi() {
        hapi = new DefaultHapiContext();
        hapi.setValidationContext(ValidationContextFactory.noValidation());
    }

    @AfterAll
    static void stopHapi() throws Exception {
        hapi.close();
    }

    private static String send(String message) throws Exception {
        return Mllp.exchange(engine.mllpPort, message);
    }

    private static String feed(String pid3, String family, String given) throws Exception {
        var ack = send(Hl7.adt("A01", controlId(), pid3, family, given));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        return ack;
    }

    private static String regionalIdOf(String mrn, String domainCode) throws Exception {
        var patient = admin.patient(domainCode, mrn);
        for (var id : patient.get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return id.get("value").asText();
            }
        }
        throw new AssertionError("no regional id for " + mrn);
    }

    @Test
    void twoHospitalsFeedingTheSamePersonAreLinkedAndEitherMrnFindsTheOther() throws Exception {
        var nationalId = unique("5101");
        var mrnA = unique("A");
        var mrnB = unique("B");
        feed(mrnA + "^^^" + HOSP_A + "~" + nationalId + "^^^" + NATIONAL_ID, "张", "三");
        feed(mrnB + "^^^" + HOSP_B + "~" + nationalId + "^^^" + NATIONAL_ID, "张", "三");
        var regional = regionalIdOf(mrnA, "hosp-a-mrn");

        // from hospital A's MRN: B's MRN, the national id and the regional id; not the queried id itself
        var fromA = send(Hl7.q23(controlId(), mrnA + "^^^" + HOSP_A, ""));
        assertThat(field(fromA, "MSH", 9)).isEqualTo("RSP^K23^RSP_K23");
        assertThat(field(fromA, "MSA", 1)).isEqualTo("AA");
        assertThat(field(fromA, "QAK", 2)).isEqualTo("OK");
        assertThat(pid3(fromA)).containsExactlyInAnyOrder(mrnB + "^^^" + HOSP_B, nationalId + "^^^" + NATIONAL_ID,
                regional + "^^^" + REGIONAL);
        assertThat(field(fromA, "PID", 5)).isEqualTo("~^^^^^^S");
        // the QPD segment is echoed and QAK-1 carries the query tag
        assertThat(segments(fromA, "QPD").get(0)).contains(mrnA + "^^^" + HOSP_A);
        assertThat(field(fromA, "QAK", 1)).isEqualTo(field(segments(fromA, "QPD").get(0), "QPD", 2));

        // from hospital B's MRN, asking only for A's domain and the regional domain (QPD-4)
        var fromB = send(Hl7.q23(controlId(), mrnB + "^^^" + HOSP_B, "^^^" + HOSP_A + "~^^^" + REGIONAL));
        assertThat(pid3(fromB)).containsExactlyInAnyOrder(mrnA + "^^^" + HOSP_A, regional + "^^^" + REGIONAL);
    }

    @Test
    void hapiClientQueriesTheSameWay() throws Exception {
        var mrn = unique("A");
        var card = unique("HC");
        feed(mrn + "^^^" + HOSP_A + "~" + card + "^^^" + HEALTH_CARD, "李", "四");
        var connection = hapi.newClient("127.0.0.1", engine.mllpPort, false);
        try {
            var request = hapi.getPipeParser().parse(Hl7.q23(controlId(), card + "^^^" + HEALTH_CARD, ""));
            var response = connection.getInitiator().sendAndReceive(request);
            var text = response.encode();
            assertThat(field(text, "MSA", 1)).isEqualTo("AA");
            assertThat(pid3(text)).contains(mrn + "^^^" + HOSP_A).hasSize(2);
        } finally {
            connection.close();
        }
    }

    @Test
    void partialAssigningAuthoritiesAreCompletedFromConfiguration() throws Exception {
        var mrn = unique("A");
        var nationalId = unique("1101");
        // namespace only in PID-3.4, universal id only for the national id
        feed(mrn + "^^^HOSP_A~" + nationalId + "^^^&2.16.156.10011.1.3&ISO", "王", "五");
        var response = send(Hl7.q23(controlId(), nationalId + "^^^CN-ID", ""));
        assertThat(field(response, "MSA", 1)).isEqualTo("AA");
        // answers always carry all three subcomponents
        assertThat(pid3(response)).contains(mrn + "^^^" + HOSP_A);

        // no assigning authority at all: filled from the domain whose source is MSH-3^MSH-4 (HIS_A^HOSP_A)
        var bare = unique("A");
        var ack = send(Hl7.adt("A04", controlId(), "HIS_A", "HOSP_A", bare, "赵", "六", "UNICODE UTF-8"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(admin.patient("hosp-a-mrn", bare)).isNotNull();

        // namespace and universal id naming different domains: unknown domain
        var mismatch = send(Hl7.q23(controlId(), mrn + "^^^HOSP_A&2.16.156.10011.1.3&ISO", ""));
        assertThat(field(mismatch, "MSA", 1)).isEqualTo("AE");
        assertThat(field(mismatch, "ERR", 2)).isEqualTo("QPD^1^3^1^4");
    }

    @Test
    void queryErrorCasesFollowIti9() throws Exception {
        var mrn = unique("A");
        feed(mrn + "^^^" + HOSP_A, "钱", "七");

        // case 3: known domain, unknown patient
        var unknownPatient = send(Hl7.q23(controlId(), unique("NOPE") + "^^^" + HOSP_A, ""));
        assertThat(field(unknownPatient, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknownPatient, "QAK", 2)).isEqualTo("AE");
        assertThat(field(unknownPatient, "ERR", 2)).isEqualTo("QPD^1^3^1^1");
        assertThat(field(unknownPatient, "ERR", 3)).startsWith("204^");
        assertThat(segments(unknownPatient, "PID")).isEmpty();

        // case 4: unknown domain in QPD-3
        var unknownDomain = send(Hl7.q23(controlId(), mrn + "^^^NOWHERE&1.2.3.4&ISO", ""));
        assertThat(field(unknownDomain, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknownDomain, "ERR", 2)).isEqualTo("QPD^1^3^1^4");
        assertThat(field(unknownDomain, "ERR", 3)).startsWith("204^");

        // case 5: two unknown domains among three requested: one ERR each, with the repetition number
        var unknownRequested = send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A,
                "^^^XX&1.2.3&ISO~^^^" + HOSP_B + "~^^^YY"));
        assertThat(field(unknownRequested, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknownRequested, "QAK", 2)).isEqualTo("AE");
        assertThat(segments(unknownRequested, "ERR")).hasSize(2);
        assertThat(field(segments(unknownRequested, "ERR").get(0), "ERR", 2)).isEqualTo("QPD^1^4^1");
        assertThat(field(segments(unknownRequested, "ERR").get(1), "ERR", 2)).isEqualTo("QPD^1^4^3");

        // case 2: known patient, no identifier in the requested domain: AA, NF, no PID
        var none = send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, "^^^" + HOSP_B));
        assertThat(field(none, "MSA", 1)).isEqualTo("AA");
        assertThat(field(none, "QAK", 2)).isEqualTo("NF");
        assertThat(segments(none, "PID")).isEmpty();
    }

    @Test
    void a08UpdatesDemographicsAndLinksANewIdentifier() throws Exception {
        var mrn = unique("A");
        feed(mrn + "^^^" + HOSP_A, "孙", "八");
        var card = unique("HC");
        var ack = send(Hl7.adt("A08", controlId(), mrn + "^^^" + HOSP_A + "~" + card + "^^^" + HEALTH_CARD,
                "孙", "八妹"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        var patient = admin.patient("hosp-a-mrn", mrn);
        assertThat(patient.get("records").get(0).get("demographics").get("givenName").asText()).isEqualTo("八妹");
        var response = send(Hl7.q23(controlId(), card + "^^^" + HEALTH_CARD, "^^^" + HOSP_A));
        assertThat(pid3(response)).containsExactly(mrn + "^^^" + HOSP_A);
    }

    @Test
    void a40MergeMovesCrossReferencesToTheSurvivor() throws Exception {
        var survivor = unique("A");
        var duplicate = unique("A");
        var mrnB = unique("B");
        var nationalId = unique("3301");
        feed(survivor + "^^^" + HOSP_A, "周", "九");
        // the duplicate record in hospital A is the one hospital B's record is linked to
        feed(duplicate + "^^^" + HOSP_A + "~" + nationalId + "^^^" + NATIONAL_ID, "周", "九");
        feed(mrnB + "^^^" + HOSP_B + "~" + nationalId + "^^^" + NATIONAL_ID, "周", "九");

        var ack = send(Hl7.a40(controlId(), survivor + "^^^" + HOSP_A, duplicate + "^^^" + HOSP_A, "周", "九"));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");

        // the survivor now reaches hospital B's record and the national id
        var fromSurvivor = send(Hl7.q23(controlId(), survivor + "^^^" + HOSP_A, ""));
        assertThat(pid3(fromSurvivor)).contains(mrnB + "^^^" + HOSP_B, nationalId + "^^^" + NATIONAL_ID)
                .doesNotContain(duplicate + "^^^" + HOSP_A);
        // and hospital B's record reaches the survivor, not the retired id
        var fromB = send(Hl7.q23(controlId(), mrnB + "^^^" + HOSP_B, "^^^" + HOSP_A));
        assertThat(pid3(fromB)).containsExactly(survivor + "^^^" + HOSP_A);
        // the retired identifier is no longer answered for
        var retired = send(Hl7.q23(controlId(), duplicate + "^^^" + HOSP_A, ""));
        assertThat(field(retired, "MSA", 1)).isEqualTo("AE");
        assertThat(field(retired, "ERR", 2)).isEqualTo("QPD^1^3^1^1");

        // merging an unknown identifier: AE, unknown key identifier
        var unknown = send(Hl7.a40(controlId(), survivor + "^^^" + HOSP_A, unique("A") + "^^^" + HOSP_A, "周", "九"));
        assertThat(field(unknown, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknown, "ERR", 1)).contains("204");
    }

    @Test
    void unknownDomainInAFeedIsRejectedAndNothingIsStored() throws Exception {
        var mrn = unique("X");
        var cid = controlId();
        var ack = send(Hl7.adt("A01", cid, "HIS_A", "HOSP_A", mrn + "^^^NOWHERE&9.9.9&ISO", "吴", "十",
                "UNICODE UTF-8"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(field(ack, "MSA", 2)).isEqualTo(cid);
        assertThat(field(ack, "ERR", 1)).startsWith("PID^1^3^").contains("204");
        var journal = admin.journal(cid);
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("outcome").asText()).isEqualTo("AE");
        assertThat(journal.get(0).get("reason").asText()).contains("204");
        var query = send(Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, ""));
        assertThat(field(query, "MSA", 1)).isEqualTo("AE");
    }

}
