package org.qiao.conformance.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.TestSubscriber;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.fhir.FhirWire.HEALTH_CARD;
import static org.qiao.conformance.fhir.FhirWire.HOSP_A;
import static org.qiao.conformance.fhir.FhirWire.HOSP_B;
import static org.qiao.conformance.fhir.FhirWire.NATIONAL;
import static org.qiao.conformance.fhir.FhirWire.REGIONAL;
import static org.qiao.conformance.fhir.FhirWire.curl;
import static org.qiao.conformance.fhir.FhirWire.feedUrl;
import static org.qiao.conformance.fhir.FhirWire.patient;
import static org.qiao.conformance.fhir.FhirWire.q;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * IHE PIXm at the wire, with HAPI's FHIR client, plain HTTP and curl: ITI-104 Patient Identity Feed FHIR (create,
 * update, merge, refusals that change nothing) on the patient index ITI-8 and ITI-9 use over MLLP, so each door
 * finds what the other fed; ITI-10 notifications after ITI-104; ITI-83 with every error case of PIXm ITI TF-2
 * 2:3.83.4.2.2; the ATNA events.
 */
class PixmTest {

    static TestSubscriber subscriber;
    static Engine engine;
    static AdminClient admin;
    static IGenericClient client;

    @BeforeAll
    static void start() throws Exception {
        subscriber = new TestSubscriber().start();
        engine = Engine.start(
                "--qiao.pix.subscribers[0].name=registry",
                "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + subscriber.port,
                "--qiao.outbox.poll-interval=100ms",
                "--qiao.outbox.first-backoff=100ms",
                "--qiao.outbox.max-backoff=1s");
        admin = new AdminClient(engine);
        client = FhirWire.client(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        subscriber.close();
    }

    static MethodOutcome feed(String system, String value, Patient p) {
        return client.update().resource(p).conditionalByUrl(feedUrl(system, value).substring("/fhir/".length()))
                .prefer(PreferReturnEnum.REPRESENTATION).execute();
    }

    static Parameters pix(String system, String value, String... targets) {
        var op = client.operation().onType(Patient.class).named("$ihe-pix")
                .withSearchParameter(Parameters.class, "sourceIdentifier", new TokenParam(system, value));
        for (var t : targets) {
            op = op.andSearchParameter("targetSystem", new UriParam(t));
        }
        return op.useHttpGet().execute();
    }

    static List<String> targetIdentifiers(Parameters out) {
        return out.getParameter().stream().filter(p -> p.getName().equals("targetIdentifier"))
                .map(p -> (Identifier) p.getValue()).map(i -> i.getSystem() + "|" + i.getValue()).toList();
    }

    static List<String> targetIds(Parameters out) {
        return out.getParameter().stream().filter(p -> p.getName().equals("targetId"))
                .map(p -> ((Reference) p.getValue()).getReference()).toList();
    }

    static String regionalIdOf(String domain, String value) throws Exception {
        var resident = admin.patient(domain, value);
        assertThat(resident).as(domain + " " + value).isNotNull();
        for (var id : resident.get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return id.get("value").asText();
            }
        }
        throw new AssertionError("no regional id for " + value);
    }

    @Test
    void aPatientCreatedOverIti104IsFoundOverIti9AndIti83() throws Exception {
        var mrn = unique("F");
        var nationalId = unique("5101");
        var outcome = feed(HOSP_A, mrn, patient("欧阳", "明华", "OUYANG", "MINGHUA", HOSP_A, mrn, NATIONAL, nationalId));
        assertThat(outcome.getCreated()).isTrue();
        var created = (Patient) outcome.getResource();
        var regional = created.getIdElement().getIdPart();
        assertThat(regional).startsWith("QR").isEqualTo(regionalIdOf("hosp-a-mrn", mrn));
        assertThat(created.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .contains(HOSP_A + "|" + mrn, NATIONAL + "|" + nationalId, REGIONAL + "|" + regional);
        assertThat(created.getName()).extracting(n -> n.getFamily()).containsExactly("欧阳", "OUYANG");

        // ITI-9 over MLLP: the same person, with the id ITI-104 fed and the regional id the manager assigned
        var rsp = Mllp.exchange(engine.mllpPort, Hl7.q23(controlId(), mrn + "^^^" + Hl7.HOSP_A, ""));
        assertThat(field(rsp, "MSA", 1)).as(rsp).isEqualTo("AA");
        assertThat(pid3(rsp)).anyMatch(cx -> cx.startsWith(regional + "^^^QIAO"))
                .anyMatch(cx -> cx.startsWith(nationalId + "^^^CN-ID"));

        // ITI-83: every other id, and the Patient resource
        var out = pix(HOSP_A, mrn);
        assertThat(targetIdentifiers(out)).containsExactlyInAnyOrder(NATIONAL + "|" + nationalId, REGIONAL + "|" + regional);
        assertThat(targetIds(out)).containsExactly("Patient/" + regional);
    }

    @Test
    void iti83FindsTheCrossReferencesOfPatientsFedOverIti8() throws Exception {
        var mrnA = unique("A");
        var mrnB = unique("B");
        var nationalId = unique("4401");
        for (var pid3 : List.of(mrnA + "^^^" + Hl7.HOSP_A, mrnB + "^^^" + Hl7.HOSP_B)) {
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), pid3 + "~" + nationalId + "^^^"
                    + Hl7.NATIONAL_ID, "司马", "光"));
            assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        }
        var regional = regionalIdOf("hosp-a-mrn", mrnA);

        assertThat(targetIdentifiers(pix(HOSP_B, mrnB, HOSP_A))).containsExactly(HOSP_A + "|" + mrnA);
        assertThat(targetIdentifiers(pix(HOSP_B, mrnB))).containsExactlyInAnyOrder(HOSP_A + "|" + mrnA,
                NATIONAL + "|" + nationalId, REGIONAL + "|" + regional);
        // by the regional id, two target systems at once
        assertThat(targetIdentifiers(pix(REGIONAL, regional, HOSP_A, HOSP_B)))
                .containsExactlyInAnyOrder(HOSP_A + "|" + mrnA, HOSP_B + "|" + mrnB);

        // curl, an independent client: the same answer as JSON
        var answer = curl("-H", "Accept: application/fhir+json", engine.url("/fhir/Patient/$ihe-pix?sourceIdentifier="
                + q(HOSP_B + "|" + mrnB) + "&targetSystem=" + q(HOSP_A)));
        assertThat(answer).endsWith("HTTP 200").contains("\"resourceType\"").contains("Parameters")
                .contains("targetIdentifier").contains(mrnA).contains("Patient/" + regional).doesNotContain(nationalId);
    }

    @Test
    void anIti104UpdateChangesTheDemographicsAndKeepsThePerson() throws Exception {
        var mrn = unique("U");
        var first = feed(HOSP_A, mrn, patient("上官", "婉儿", null, null, HOSP_A, mrn));
        assertThat(first.getCreated()).isTrue();
        var regional = ((Patient) first.getResource()).getIdElement().getIdPart();

        var changed = patient("上官", "婉", null, null, HOSP_A, mrn, HEALTH_CARD, unique("HC"));
        var second = FhirWire.put(engine, feedUrl(HOSP_A, mrn), changed);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        var updated = (Patient) second.resource();
        assertThat(updated.getIdElement().getIdPart()).isEqualTo(regional);
        assertThat(updated.getNameFirstRep().getGivenAsSingleString()).isEqualTo("婉");
        assertThat(updated.getIdentifier()).extracting(Identifier::getSystem).contains(HEALTH_CARD);
        assertThat(client.read().resource(Patient.class).withId(regional).execute().getNameFirstRep()
                .getGivenAsSingleString()).isEqualTo("婉");

        // curl: the same update again is an update (200), in JSON
        var json = FhirWire.FHIR.newJsonParser().encodeResourceToString(changed);
        var again = curl("-X", "PUT", "-H", "Content-Type: application/fhir+json", "-H", "Accept: application/fhir+json",
                "--data-binary", json, engine.url(feedUrl(HOSP_A, mrn)));
        assertThat(again).endsWith("HTTP 200").contains(regional);
        assertThat(regionalIdOf("hosp-a-mrn", mrn)).isEqualTo(regional);
    }

    @Test
    void anIti104MergeRetiresTheDuplicateWhichIsNoLongerAnsweredFor() throws Exception {
        var survivor = unique("S");
        var duplicate = unique("D");
        var survivorRegional = ((Patient) feed(HOSP_A, survivor, patient("诸葛", "亮", null, null, HOSP_A, survivor))
                .getResource()).getIdElement().getIdPart();
        var duplicateRegional = ((Patient) feed(HOSP_A, duplicate, patient("诸葛", "亮", null, null, HOSP_A, duplicate))
                .getResource()).getIdElement().getIdPart();
        assertThat(duplicateRegional).isNotEqualTo(survivorRegional);

        var merge = patient("诸葛", "亮", null, null, HOSP_A, duplicate);
        merge.setActive(false);
        merge.addLink().setType(Patient.LinkType.REPLACEDBY)
                .setOther(new Reference().setIdentifier(new Identifier().setSystem(HOSP_A).setValue(survivor)));
        var merged = feed(HOSP_A, duplicate, merge);
        assertThat(merged.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(((Patient) merged.getResource()).getIdElement().getIdPart()).isEqualTo(survivorRegional);

        // the retired MRN: 404 over ITI-83, AE over ITI-9, and its person's Patient is gone
        var notFound = FhirWire.get(engine, "/fhir/Patient/$ihe-pix?sourceIdentifier=" + q(HOSP_A + "|" + duplicate));
        assertThat(notFound.status()).isEqualTo(404);
        var rsp = Mllp.exchange(engine.mllpPort, Hl7.q23(controlId(), duplicate + "^^^" + Hl7.HOSP_A, ""));
        assertThat(field(rsp, "MSA", 1)).as(rsp).isEqualTo("AE");
        assertThatThrownBy(() -> client.read().resource(Patient.class).withId(duplicateRegional).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(targetIds(pix(HOSP_A, survivor))).containsExactly("Patient/" + survivorRegional);
        // the same merge again: the duplicate is not known any more (422), and nothing changes
        var again = FhirWire.put(engine, feedUrl(HOSP_A, duplicate), merge);
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.issue().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
    }

    @Test
    void anIti10NotificationFollowsAnIti104Feed() throws Exception {
        var mrn = unique("N");
        var regional = ((Patient) feed(HOSP_A, mrn, patient("慕容", "复", null, null, HOSP_A, mrn)).getResource())
                .getIdElement().getIdPart();
        await().atMost(Duration.ofSeconds(20)).until(() -> !subscriber.about(mrn).isEmpty());
        var a31 = subscriber.about(mrn).get(0);
        assertThat(field(a31, "MSH", 9)).startsWith("ADT^A31");
        assertThat(pid3(a31)).anyMatch(cx -> cx.startsWith(regional + "^^^QIAO"));
    }

    @Test
    void everyIti83ErrorCaseHasItsStatusAndIssueCode() throws Exception {
        var mrn = unique("E");
        feed(HOSP_A, mrn, patient("东方", "白", null, null, HOSP_A, mrn));
        var base = "/fhir/Patient/$ihe-pix?sourceIdentifier=";

        // 2:3.83.4.2.2.3: the source domain is not recognised → 400 code-invalid
        var unknownSource = FhirWire.get(engine, base + q("urn:oid:1.2.3.4|" + mrn));
        assertThat(unknownSource.status()).isEqualTo(400);
        assertThat(unknownSource.issue().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
        assertThat(unknownSource.issue().getDiagnostics()).contains("sourceIdentifier Assigning Authority not found");
        // 2:3.83.4.2.2.2: a known domain, an unknown patient → 404 not-found
        var unknownPatient = FhirWire.get(engine, base + q(HOSP_A + "|NOBODY-" + mrn));
        assertThat(unknownPatient.status()).isEqualTo(404);
        assertThat(unknownPatient.issue().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        // 2:3.83.4.2.2.4: a target domain not recognised → 403 code-invalid
        var unknownTarget = FhirWire.get(engine, base + q(HOSP_A + "|" + mrn) + "&targetSystem=" + q(NATIONAL)
                + "&targetSystem=" + q("urn:oid:9.9.9"));
        assertThat(unknownTarget.status()).isEqualTo(403);
        assertThat(unknownTarget.issue().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
        assertThat(unknownTarget.issue().getDiagnostics()).contains("targetSystem not found");
        // known, but without an id in the target system → 200 and no targetIdentifier
        var none = FhirWire.get(engine, base + q(HOSP_A + "|" + mrn) + "&targetSystem=" + q(HOSP_B));
        assertThat(none.status()).isEqualTo(200);
        assertThat(targetIdentifiers((Parameters) none.resource())).isEmpty();
        // no sourceIdentifier, or one without its system → 400
        assertThat(FhirWire.get(engine, "/fhir/Patient/$ihe-pix?targetSystem=" + q(HOSP_B)).status()).isEqualTo(400);
        var noSystem = FhirWire.get(engine, base + q(mrn));
        assertThat(noSystem.status()).isEqualTo(400);
        assertThat(noSystem.issue().getDiagnostics()).contains("system|value");
        // curl sees the 403 and its OperationOutcome too
        assertThat(curl(engine.url(base + q(HOSP_A + "|" + mrn) + "&targetSystem=" + q("urn:oid:9.9.9"))))
                .endsWith("HTTP 403").contains("OperationOutcome").contains("code-invalid");
    }

    @Test
    void badIti104RequestsAreRefusedAndChangeNothing() throws Exception {
        var mrn = unique("X");
        var good = patient("南宫", "月", null, null, HOSP_A, mrn);
        // no conditional URL: PUT Patient/{id} is not how a source feeds
        assertThat(FhirWire.put(engine, "/fhir/Patient/QR0000000001", good.copy().setId("QR0000000001")).status())
                .isEqualTo(400);
        // a conditional URL on something else than identifier
        assertThat(FhirWire.put(engine, "/fhir/Patient?family=" + q("南宫"), good).status()).isEqualTo(400);
        // an unknown domain, and the regional domain (the manager assigns those ids)
        var unknown = FhirWire.put(engine, feedUrl("urn:oid:1.2.3.4", mrn), patient("南宫", "月", null, null, "urn:oid:1.2.3.4", mrn));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.issue().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
        assertThat(FhirWire.put(engine, feedUrl(REGIONAL, "QR9" + mrn), patient("南宫", "月", null, null, REGIONAL, "QR9" + mrn))
                .status()).isEqualTo(400);
        // the URL's identifier is not the resource's
        assertThat(FhirWire.put(engine, feedUrl(HOSP_A, mrn), patient("南宫", "月", null, null, HOSP_A, mrn + "-other"))
                .status()).isEqualTo(400);
        // no name; an identifier of an unknown domain in the resource; a value too long for the index
        var nameless = good.copy();
        nameless.getName().clear();
        var noName = FhirWire.put(engine, feedUrl(HOSP_A, mrn), nameless);
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.issue().getDiagnostics()).contains("Patient.name");
        var strangeId = good.copy();
        strangeId.addIdentifier().setSystem("http://example.org/ids").setValue("1");
        assertThat(FhirWire.put(engine, feedUrl(HOSP_A, mrn), strangeId).status()).isEqualTo(422);
        var tooLong = good.copy();
        tooLong.getNameFirstRep().setFamily("南".repeat(201));
        assertThat(FhirWire.put(engine, feedUrl(HOSP_A, mrn), tooLong).status()).isEqualTo(422);
        // not a Patient at all
        var notJson = engine.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(engine.url(feedUrl(HOSP_A, mrn))))
                        .header("Content-Type", "application/fhir+json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);

        assertThat(admin.patient("hosp-a-mrn", mrn)).as("nothing was registered").isNull();
        // and the good one goes through
        assertThat(FhirWire.put(engine, feedUrl(HOSP_A, mrn), good).status()).isEqualTo(201);
    }

    @Test
    void iti104AndIti83AreAudited() throws Exception {
        var auditor = new AdminClient(engine, Engine.AUDITOR);
        var mrn = unique("T");
        feed(HOSP_A, mrn, patient("皇甫", "嵩", null, null, HOSP_A, mrn));
        pix(HOSP_A, mrn);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(auditor, "ITI-104") >= 1 && count(auditor, "ITI-83") >= 1);
        var feeds = auditor.json("/api/audit?limit=50&eventType=ITI-104");
        String raw = null;
        for (var event : feeds) {
            var text = auditor.json("/api/audit/" + event.get("id").asLong()).get("raw").asText();
            if (text.contains(mrn)) {
                raw = text;
            }
        }
        assertThat(raw).as("the ITI-104 event of " + mrn).isNotNull()
                .contains("110110").contains("Patient Identity Feed FHIR").contains("EventActionCode=\"C\"");
        var queries = auditor.json("/api/audit?limit=50&eventType=ITI-83");
        var query = auditor.json("/api/audit/" + queries.get(0).get("id").asLong()).get("raw").asText();
        assertThat(query).contains("110112").contains("PIXmQuery");
    }

    static long count(AdminClient auditor, String eventType) throws Exception {
        return auditor.json("/api/audit/count?eventType=" + eventType).get("count").asLong();
    }
}
