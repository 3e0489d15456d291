package org.qiao.conformance.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.qiao.conformance.support.Engine;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the PIXm and PDQm tests share: HAPI's client, plain HTTP for exact statuses, and curl. */
final class FhirWire {

    static final String REGIONAL = "urn:oid:2.16.156.10011.0.99.1";
    static final String HOSP_A = "urn:oid:2.16.156.10011.0.99.2.1";
    static final String HOSP_B = "urn:oid:2.16.156.10011.0.99.2.2";
    static final String NATIONAL = "urn:oid:2.16.156.10011.1.3";
    static final String HEALTH_CARD = "urn:oid:2.16.156.10011.1.19";
    static final String REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

    static final FhirContext FHIR = FhirContext.forR4();

    static {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
    }

    private FhirWire() {
    }

    /** HAPI's generic client on the engine's /fhir, validating every FHIR answer with HAPI's R4 validator. */
    static IGenericClient client(Engine engine) {
        var client = FHIR.newRestfulGenericClient(engine.url("/fhir"));
        client.registerInterceptor(FhirValidation.everyAnswer());
        return client;
    }

    /** The answer to a raw request: its status and its body parsed as a FHIR resource (null when it is none). */
    record Answer(int status, String body) {
        /** The body as a resource, checked with HAPI's R4 validator. */
        IBaseResource resource() {
            if (body.isBlank()) {
                return null;
            }
            var resource = FHIR.newJsonParser().parseResource(body);
            FhirValidation.assertValid(resource);
            return resource;
        }

        OperationOutcome.OperationOutcomeIssueComponent issue() {
            assertThat(resource()).as(body).isInstanceOf(OperationOutcome.class);
            return ((OperationOutcome) resource()).getIssueFirstRep();
        }
    }

    static Answer get(Engine engine, String pathAndQuery) throws Exception {
        var r = engine.http().send(HttpRequest.newBuilder(URI.create(engine.url(pathAndQuery)))
                        .header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body());
    }

    static Answer put(Engine engine, String pathAndQuery, IBaseResource resource) throws Exception {
        var body = FHIR.newJsonParser().encodeResourceToString(resource);
        var r = engine.http().send(HttpRequest.newBuilder(URI.create(engine.url(pathAndQuery)))
                        .header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body());
    }

    /** A query parameter value, percent-encoded (a token's | included: Tomcat refuses it raw). */
    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The ITI-104 conditional URL of a source's patient. */
    static String feedUrl(String system, String value) {
        return "/fhir/Patient?identifier=" + q(system + "|" + value);
    }

    /** curl's answer: the body, then a last line "HTTP <status>". */
    static String curl(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("curl", "-s", "-g", "-w", "\nHTTP %{http_code}"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /**
     * A patient as a hospital's system feeds it: the identifiers (system, value pairs), the hanzi name and its pinyin
     * as two names told apart by their representation (IDE, SYL), female, born 1985-06-12, in Chengdu.
     */
    static Patient patient(String family, String given, String pinyinFamily, String pinyinGiven, String... systemValue) {
        var p = new Patient();
        for (int i = 0; i < systemValue.length; i += 2) {
            p.addIdentifier().setSystem(systemValue[i]).setValue(systemValue[i + 1]);
        }
        p.addName().setFamily(family).addGiven(given).addExtension(REPRESENTATION, new CodeType("IDE"));
        if (pinyinFamily != null) {
            p.addName().setFamily(pinyinFamily).addGiven(pinyinGiven).addExtension(REPRESENTATION, new CodeType("SYL"));
        }
        p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1985-06-12"));
        p.addAddress().addLine("建设路88号").setCity("成都市").setState("四川").setPostalCode("610000").setCountry("CHN");
        p.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("028-85551234");
        return p;
    }
}
