package org.qiao.conformance.fhir;

import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ICriterion;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.fhir.FhirWire.HOSP_A;
import static org.qiao.conformance.fhir.FhirWire.HOSP_B;
import static org.qiao.conformance.fhir.FhirWire.NATIONAL;
import static org.qiao.conformance.fhir.FhirWire.curl;
import static org.qiao.conformance.fhir.FhirWire.feedUrl;
import static org.qiao.conformance.fhir.FhirWire.patient;
import static org.qiao.conformance.fhir.FhirWire.q;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * IHE PDQm ITI-78 at the wire, with HAPI's FHIR client, plain HTTP and curl, on residents fed over ITI-104 (hanzi
 * names with their pinyin) and ITI-8: search by family prefix in hanzi and pinyin, given, birthdate (day, range),
 * gender, identifier in a hospital domain, _id, address, telecom; paging with _count and next links; read by the
 * regional id (404 unknown or merged away); bad searches; the ATNA events.
 */
class PdqmTest {

    static Engine engine;
    static IGenericClient client;
    static String mrnA = unique("PA");
    static String mrnB = unique("PB");
    static String mrnC = unique("PC");
    static String nationalC = unique("3201");
    static String a;
    static String b;
    static String c;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start();
        client = FhirWire.client(engine);
        a = fed(HOSP_A, mrnA, patient("欧阳", "明华", "OUYANG", "MINGHUA", HOSP_A, mrnA));
        var pb = patient("欧阳", "建国", "OUYANG", "JIANGUO", HOSP_B, mrnB);
        pb.setGender(AdministrativeGender.MALE);
        pb.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1979-03-01"));
        pb.getAddressFirstRep().setCity("重庆市").setState("重庆").setPostalCode("400000");
        pb.getTelecomFirstRep().setValue("13800000002");
        b = fed(HOSP_B, mrnB, pb);
        var pc = patient("欧", "丽", "OU", "LI", HOSP_A, mrnC, NATIONAL, nationalC);
        pc.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1990-12-31"));
        c = fed(HOSP_A, mrnC, pc);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    /** ITI-104: the regional id of the fed patient. */
    static String fed(String system, String value, Patient p) {
        var outcome = client.update().resource(p).conditionalByUrl(feedUrl(system, value).substring("/fhir/".length()))
                .prefer(PreferReturnEnum.REPRESENTATION).execute();
        return ((Patient) outcome.getResource()).getIdElement().getIdPart();
    }

    static List<String> search(ICriterion<?> first, ICriterion<?>... more) {
        var query = client.search().forResource(Patient.class).where(first);
        for (var criterion : more) {
            query = query.and(criterion);
        }
        return ids(query.returnBundle(Bundle.class).execute());
    }

    static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void familyNamesMatchFromTheStartInHanziAndInPinyin() {
        assertThat(search(Patient.FAMILY.matches().value("欧阳"))).containsExactly(a, b);
        assertThat(search(Patient.FAMILY.matches().value("欧"))).containsExactly(a, b, c);
        assertThat(search(Patient.FAMILY.matchesExactly().value("欧"))).containsExactly(c);
        assertThat(search(Patient.FAMILY.matches().value("ouyang"))).containsExactly(a, b);
        assertThat(search(Patient.FAMILY.matches().value("Ou"))).containsExactly(a, b, c);
        assertThat(search(Patient.GIVEN.matches().value("ming"))).containsExactly(a);
        assertThat(search(Patient.FAMILY.matches().value("欧阳"), Patient.GIVEN.matches().value("建"))).containsExactly(b);
        assertThat(search(Patient.FAMILY.matches().value("慕容"))).isEmpty();

        // the answer is the whole person: both names, the ids of every domain as urn:oid, the rest of the record
        var found = client.search().forResource(Patient.class).where(Patient.GIVEN.matches().value("明华"))
                .returnBundle(Bundle.class).execute();
        var patient = (Patient) found.getEntryFirstRep().getResource();
        assertThat(patient.getName()).extracting(n -> n.getFamily() + " " + n.getGivenAsSingleString())
                .containsExactly("欧阳 明华", "OUYANG MINGHUA");
        assertThat(patient.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .contains(HOSP_A + "|" + mrnA, FhirWire.REGIONAL + "|" + a);
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1985-06-12");
        assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("成都市");
    }

    @Test
    void birthDateGenderIdentifierIdAddressAndTelecom() {
        // (ITI-8 feeds of other tests are born on 1985-06-12 too: the family keeps to this test's residents)
        assertThat(search(Patient.BIRTHDATE.exactly().day("1985-06-12"), Patient.FAMILY.matches().value("欧"))).containsExactly(a);
        assertThat(search(Patient.BIRTHDATE.exactly().day("1990-12-31"))).containsExactly(c);
        assertThat(search(Patient.BIRTHDATE.afterOrEquals().day("1979-01-01"), Patient.BIRTHDATE.beforeOrEquals().day("1985-12-31"),
                Patient.FAMILY.matches().value("欧"))).containsExactly(a, b);
        assertThat(search(Patient.FAMILY.matches().value("欧"), Patient.GENDER.exactly().code("male"))).containsExactly(b);
        assertThat(search(Patient.FAMILY.matches().value("欧"), Patient.GENDER.exactly().code("female"))).containsExactly(a, c);
        assertThat(search(Patient.IDENTIFIER.exactly().systemAndIdentifier(HOSP_B, mrnB))).containsExactly(b);
        assertThat(search(Patient.IDENTIFIER.exactly().systemAndIdentifier(NATIONAL, nationalC))).containsExactly(c);
        assertThat(search(Patient.IDENTIFIER.exactly().code(mrnA))).containsExactly(a);
        assertThat(search(Patient.RES_ID.exactly().code(c))).containsExactly(c);
        assertThat(search(Patient.ADDRESS_CITY.matches().value("重庆"))).containsExactly(b);
        assertThat(search(Patient.ADDRESS_POSTALCODE.matches().value("6100"), Patient.FAMILY.matches().value("欧"))).containsExactly(a, c);
        assertThat(search(Patient.TELECOM.exactly().code("13800000002"))).containsExactly(b);
    }

    @Test
    void pagesOfOneFollowTheNextLinks() {
        var page = client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("欧"))
                .count(1).returnBundle(Bundle.class).execute();
        var seen = new ArrayList<>(ids(page));
        assertThat(seen).hasSize(1);
        assertThat(page.getTotal()).isEqualTo(3);
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = client.loadPage().next(page).execute();
            assertThat(page.getEntry()).hasSize(1);
            seen.addAll(ids(page));
        }
        assertThat(seen).containsExactly(a, b, c);
    }

    @Test
    void readByTheRegionalIdAnd404ForUnknownOrMergedAway() throws Exception {
        var read = client.read().resource(Patient.class).withId(b).execute();
        assertThat(read.getIdentifier()).extracting(i -> i.getValue()).contains(mrnB, b);
        assertThat(read.getGender()).isEqualTo(AdministrativeGender.MALE);
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId("QR9999999999").execute())
                .isInstanceOf(ResourceNotFoundException.class);

        // two patients of hospital A over ITI-8, the second merged into the first by A40: its Patient is gone
        var survivor = unique("MS");
        var retired = unique("MR");
        for (var mrn : List.of(survivor, retired)) {
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrn + "^^^" + Hl7.HOSP_A, "宇文", "化及"));
            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        }
        var retiredRegional = search(Patient.IDENTIFIER.exactly().systemAndIdentifier(HOSP_A, retired)).get(0);
        var survivorRegional = search(Patient.IDENTIFIER.exactly().systemAndIdentifier(HOSP_A, survivor)).get(0);
        var ack = Mllp.exchange(engine.mllpPort, Hl7.a40(controlId(), survivor + "^^^" + Hl7.HOSP_A,
                retired + "^^^" + Hl7.HOSP_A, "宇文", "化及"));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId(retiredRegional).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(search(Patient.IDENTIFIER.exactly().systemAndIdentifier(HOSP_A, retired))).isEmpty();
        assertThat(client.read().resource(Patient.class).withId(survivorRegional).execute().getIdentifier())
                .extracting(i -> i.getValue()).contains(survivor).doesNotContain(retired);

        var unknown = FhirWire.get(engine, "/fhir/Patient/QR9999999999");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.issue().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
    }

    @Test
    void badSearchesAreRefusedWith400() throws Exception {
        var none = FhirWire.get(engine, "/fhir/Patient");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.issue().getDiagnostics()).contains("at least one search parameter");
        assertThat(FhirWire.get(engine, "/fhir/Patient?gender=woman").status()).isEqualTo(400);
        var unknownDomain = FhirWire.get(engine, "/fhir/Patient?identifier=" + q("urn:oid:1.2.3.4|" + mrnA));
        assertThat(unknownDomain.status()).isEqualTo(400);
        assertThat(unknownDomain.issue().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
        assertThat(FhirWire.get(engine, "/fhir/Patient?birthdate=ne1985-06-12").status()).isEqualTo(400);
        assertThat(FhirWire.get(engine, "/fhir/Patient?family:contains=" + q("阳")).status()).isEqualTo(400);
        assertThat(FhirWire.get(engine, "/fhir/Patient?family=" + q("欧") + "&family=" + q("欧阳")).status()).isEqualTo(400);
        // a parameter PDQm has and this supplier does not search on is refused, not ignored
        assertThat(FhirWire.get(engine, "/fhir/Patient?family=" + q("欧") + "&address-state=" + q("四川")).status())
                .isEqualTo(400);
        assertThatThrownBy(() -> search(Patient.GENDER.exactly().code("woman"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void curlSeesTheSearchsetInJsonAndXml() throws Exception {
        var json = curl("-H", "Accept: application/fhir+json", engine.url("/fhir/Patient?family=" + q("ouyang") + "&given=" + q("jian")));
        assertThat(json).endsWith("HTTP 200").contains("\"searchset\"").contains(b).doesNotContain(a);
        var xml = curl(engine.url("/fhir/Patient?_id=" + a + "&_format=xml"));
        assertThat(xml).endsWith("HTTP 200").contains("<Bundle").contains(mrnA);
        // the search as a form POST (FHIR R4 http.html#search): the same answer
        var posted = curl("-H", "Accept: application/fhir+json", "--data-urlencode", "family=欧阳",
                "--data-urlencode", "gender=male", engine.url("/fhir/Patient/_search"));
        assertThat(posted).endsWith("HTTP 200").contains("\"searchset\"").contains(b).doesNotContain(a);
        assertThat(FhirWire.get(engine, "/fhir/Patient?family=" + q("欧") + "&active=maybe").status()).isEqualTo(400);
        assertThat(ids(client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("欧"))
                .and(Patient.ACTIVE.exactly().code("false")).returnBundle(Bundle.class).execute())).isEmpty();
    }

    @Test
    void searchesAndReadsAreAudited() throws Exception {
        var auditor = new AdminClient(engine, Engine.AUDITOR);
        long before = count(auditor);
        search(Patient.IDENTIFIER.exactly().systemAndIdentifier(HOSP_A, mrnA));
        client.read().resource(Patient.class).withId(a).execute();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(auditor) >= before + 2);
        var events = auditor.json("/api/audit?limit=50&eventType=ITI-78");
        var found = false;
        for (var event : events) {
            var raw = auditor.json("/api/audit/" + event.get("id").asLong()).get("raw").asText();
            found |= raw.contains("110112") && raw.contains("MobilePatientDemographicsQuery") && raw.contains(mrnA);
        }
        assertThat(found).as("an ITI-78 query event naming " + mrnA).isTrue();
    }

    static long count(AdminClient auditor) throws Exception {
        return auditor.json("/api/audit/count?eventType=ITI-78").get("count").asLong();
    }
}
