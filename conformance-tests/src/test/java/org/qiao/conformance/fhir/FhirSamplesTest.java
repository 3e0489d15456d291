package org.qiao.conformance.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.console.ConsoleData;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Mtom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.fhir.FhirWire.curl;
import static org.qiao.conformance.fhir.FhirWire.q;

/**
 * samples/fhir sent with curl as its README shows, after samples/hl7 with mllp_send: ITI-104 → ITI-9 and ITI-21
 * see the patient; ITI-65 → ITI-67 finds the report by MRN and by regional id, ITI-68 and ITI-43 return its
 * bytes. And bad input at the door: broken JSON, a wrong content type, an unknown search parameter, a body over
 * the size limit, each an OperationOutcome with its status, and nothing stored.
 */
class FhirSamplesTest {

    static Engine engine;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.http.max-request-size=256KB");
        base = engine.url("/fhir");
        ConsoleData.feedSamples(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    static String sample(String name) {
        return "@" + Engine.repo().resolve("samples/fhir/" + name);
    }

    static String body(String curlOut) {
        return curlOut.substring(0, curlOut.lastIndexOf("\nHTTP "));
    }

    @Test
    void theIti104SampleIsSeenByIti9AndIti21AndPixmAndPdqm() throws Exception {
        var feed = base + "/Patient?identifier=" + q("urn:oid:2.16.156.10011.0.99.2.2|B20269001");
        var created = curl("-X", "PUT", "-H", "Content-Type: application/fhir+json", "--data-binary",
                sample("iti104-patient-feed-hosp-b.json"), feed);
        assertThat(created).endsWith("HTTP 201");
        FhirValidation.assertValid(body(created));
        assertThat(curl("-X", "PUT", "-H", "Content-Type: application/fhir+json", "--data-binary",
                sample("iti104-patient-feed-hosp-b.json"), feed)).endsWith("HTTP 200");

        // ITI-9 over MLLP: the national id and the regional id for hospital B's MRN
        var pix = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), "B20269001^^^" + Hl7.HOSP_B, ""));
        assertThat(Hl7.field(pix, "QAK", 2)).isEqualTo("OK");
        assertThat(Hl7.pid3(pix)).contains("510104199203150047^^^" + Hl7.NATIONAL_ID);
        // ITI-21 over MLLP by the hanzi name and birth date
        var pdq = Mllp.exchange(engine.mllpPort, "MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now()
                + "||QBP^Q22^QBP_Q21|" + Hl7.controlId() + "|P|2.5||||||UNICODE UTF-8\r"
                + "QPD|IHE PDQ Query|" + Hl7.controlId() + "|@PID.5.1.1^王~@PID.5.2^芳~@PID.7.1^19920315\rRCP|I\r");
        assertThat(Hl7.field(pdq, "QAK", 2)).isEqualTo("OK");
        assertThat(pdq).contains("B20269001");

        // PIXm and PDQm with curl
        var ihePix = curl(base + "/Patient/$ihe-pix?sourceIdentifier=" + q("urn:oid:2.16.156.10011.0.99.2.2|B20269001"));
        assertThat(ihePix).endsWith("HTTP 200").contains("510104199203150047");
        FhirValidation.assertValid(body(ihePix));
        var pdqm = curl(base + "/Patient?family=wang&birthdate=1992-03-15");
        assertThat(pdqm).endsWith("HTTP 200").contains("B20269001");
        FhirValidation.assertValid(body(pdqm));
    }

    @Test
    void theIti65SampleIsFoundOverFhirAndRetrievedOverFhirAndSoap() throws Exception {
        var provided = curl("-X", "POST", "-H", "Content-Type: application/fhir+json", "--data-binary",
                sample("iti65-provide-lab-report.json"), base);
        assertThat(provided).endsWith("HTTP 200").contains("201 Created");
        FhirValidation.assertValid(body(provided));

        var byMrn = curl(base + "/DocumentReference?patient.identifier=" + q("urn:oid:2.16.156.10011.0.99.2.1|M20260001")
                + "&status=current");
        assertThat(byMrn).endsWith("HTTP 200").contains("6b0e1d2c-3a4f-4e5d-8c7b-9a0b1c2d3e4f");
        FhirValidation.assertValid(body(byMrn));
        var byRegionalId = curl(base + "/DocumentReference?patient=" + ConsoleData.ZHANG_SAN + "&type=" + q("http://loinc.org|11502-2"));
        assertThat(byRegionalId).contains("6b0e1d2c-3a4f-4e5d-8c7b-9a0b1c2d3e4f").contains("血糖检验报告");

        var expected = Base64.getDecoder().decode("56m66IW56KGA57OW77yaNS42IG1tb2wvTO+8iOWPguiAg+iMg+WbtCAzLjnigJM2LjHvvIkK");
        var bytes = new ProcessBuilder("curl", "-s", base + "/Binary/6b0e1d2c-3a4f-4e5d-8c7b-9a0b1c2d3e4f").start();
        assertThat(bytes.getInputStream().readAllBytes()).isEqualTo(expected);

        // ITI-43 over SOAP returns the same bytes
        var request = new org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet();
        request.getDocuments().add(new org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference(
                "2.16.156.10011.0.99.3.1", "2.16.156.10011.0.99.2.1.65.2", null));
        var ebxml = new org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer(
                new org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30()).toEbXML(request);
        var soap = Mtom.marshal(ebxml.getInternal());
        var answer = Mtom.post(engine, "xds-iti43", "urn:ihe:iti:2007:RetrieveDocumentSet", soap.getKey(), soap.getValue());
        assertThat(answer.xml()).contains("ResponseStatusType:Success");
        assertThat(answer.parts().values()).anySatisfy(part -> assertThat(part).isEqualTo(expected));
    }

    @Test
    void badInputGetsAnOperationOutcomeWithItsStatusAndStoresNothing() throws Exception {
        var before = curl(base + "/DocumentReference?patient=" + ConsoleData.ZHANG_SAN);
        // broken JSON
        var broken = curl("-X", "POST", "-H", "Content-Type: application/fhir+json", "--data-binary", "{\"resourceType\":\"Bundle\",", base);
        assertThat(broken).endsWith("HTTP 400").contains("OperationOutcome");
        FhirValidation.assertValid(body(broken));
        // a body that is not FHIR
        var wrongType = curl("-X", "POST", "-H", "Content-Type: text/plain", "--data-binary", "hello", base);
        assertThat(wrongType).doesNotEndWith("HTTP 200").contains("OperationOutcome");
        assertThat(Integer.parseInt(wrongType.substring(wrongType.lastIndexOf(' ') + 1))).isBetween(400, 499);
        // an unknown search parameter
        var unknown = curl(base + "/DocumentReference?patient=" + ConsoleData.ZHANG_SAN + "&colour=red");
        assertThat(unknown).endsWith("HTTP 400").contains("OperationOutcome");
        // a bundle over the size limit (256 KB here): 413 before anything is read
        var json = Files.readString(Engine.repo().resolve("samples/fhir/iti65-provide-lab-report.json"), StandardCharsets.UTF_8);
        var padded = json.replace("\"status\": \"current\",\n        \"mode\"", "\"title\": \"" + "x".repeat(300_000)
                + "\",\n        \"status\": \"current\",\n        \"mode\"");
        var big = Files.createTempFile("big", ".json");
        Files.writeString(big, padded);
        var tooBig = curl("-X", "POST", "-H", "Content-Type: application/fhir+json", "--data-binary", "@" + big, base);
        assertThat(tooBig).endsWith("HTTP 413").contains("too-costly");
        var outcome = (OperationOutcome) FhirWire.FHIR.newJsonParser().parseResource(body(tooBig));
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TOOCOSTLY);
        Files.delete(big);
        // nothing of these was stored
        var after = curl(base + "/DocumentReference?patient=" + ConsoleData.ZHANG_SAN);
        var parser = FhirWire.FHIR.newJsonParser();
        assertThat(((Bundle) parser.parseResource(body(after))).getEntry())
                .hasSameSizeAs(((Bundle) parser.parseResource(body(before))).getEntry());
    }
}
