package org.qiao.conformance.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * IHE MHD 4.2.1 at the wire with HAPI's FHIR client: ITI-65 provide (all or nothing, XDS error codes as
 * OperationOutcome), ITI-67 and ITI-66 searches and reads, ITI-68 retrieve with the bytes' mime type; one record
 * with the SOAP doors (a document provided over FHIR is found over ITI-18 with the same ids, and one provided over
 * ITI-41 is found over FHIR); the CapabilityStatement; the ATNA events IPF's MHD audit strategies write.
 */
class MhdTest {

    static final String REGIONAL_OID = "2.16.156.10011.0.99.1";
    static final String HOSP_A_OID = "2.16.156.10011.0.99.2.1";
    static final String COMPREHENSIVE = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Engine engine;
    static AdminClient auditor;
    static FhirContext fhir;
    static IGenericClient client;
    static String regionalId;
    static String mrn;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start();
        auditor = new AdminClient(engine, Engine.AUDITOR);
        fhir = FhirWire.FHIR;
        client = FhirWire.client(engine);
        mrn = Hl7.unique("M");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "李", "四"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        regionalId = regionalIdOf(mrn);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    static String regionalIdOf(String mrn) throws Exception {
        for (var id : new AdminClient(engine).patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return id.get("value").asText();
            }
        }
        throw new AssertionError("no regional id for " + mrn);
    }

    /** A Comprehensive Provide Document Bundle: SubmissionSet List, one DocumentReference, its Binary. */
    static Bundle provideBundle(String patientRef, String uniqueId, byte[] bytes) {
        var bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.getMeta().addProfile(COMPREHENSIVE);
        var docUrl = "urn:uuid:" + UUID.randomUUID();
        var binaryUrl = "urn:uuid:" + UUID.randomUUID();
        var list = new ListResource();
        list.setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
        list.setCode(new CodeableConcept(new Coding("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "submissionset", null)));
        list.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + XdsMessages.oid());
        list.addExtension("https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId",
                new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + HOSP_A_OID));
        list.addExtension("https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType",
                new CodeableConcept(new Coding("urn:oid:2.16.156.10011.2.3.9", "LAB", "检验")));
        list.setSubject(new Reference(patientRef));
        list.setDateElement(DateTimeType.now());
        list.addEntry().setItem(new Reference(docUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(list)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("List");

        var doc = new DocumentReference();
        doc.setMasterIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:oid:" + uniqueId));
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setType(new CodeableConcept(new Coding("http://loinc.org", "11502-2", "Laboratory report")));
        doc.addCategory(new CodeableConcept(new Coding("urn:oid:2.16.156.10011.2.3.1.211", "LAB-01", "检验报告")));
        doc.setSubject(new Reference(patientRef));
        doc.addSecurityLabel(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "N", "normal")));
        var content = doc.addContent();
        content.getAttachment().setContentType("text/xml").setLanguage("zh-CN").setUrl(binaryUrl)
                .setTitle("血常规检验报告（MHD）").setCreationElement(new DateTimeType("2026-12-01T08:30:00Z"));
        content.setFormat(new Coding("http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode", "urn:ihe:lab:xd-lab:2008", "XD-LAB"));
        doc.getContext().setFacilityType(new CodeableConcept(new Coding("urn:oid:2.16.156.10011.2.3.2.22", "A100", "综合医院")));
        doc.getContext().setPracticeSetting(new CodeableConcept(new Coding("urn:oid:2.16.156.10011.2.3.3.1", "30", "医学检验科")));
        doc.getContext().addEvent(new CodeableConcept(new Coding("urn:oid:2.16.156.10011.2.3.9", "LAB", "检验")));
        doc.getContext().setSourcePatientInfo(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:" + HOSP_A_OID).setValue(mrn)));
        bundle.addEntry().setFullUrl(docUrl).setResource(doc).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");

        var binary = new Binary().setContentType("text/xml");
        binary.setData(bytes);
        bundle.addEntry().setFullUrl(binaryUrl).setResource(binary).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Binary");
        return bundle;
    }

    static List<DocumentReference> findByPatient(String system, String value) {
        var found = client.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasChainedProperty(
                        org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly().systemAndIdentifier(system, value)))
                .returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(e -> (DocumentReference) e.getResource()).toList();
    }

    static List<DocumentReference> findByRegionalId() {
        return findByPatient("urn:oid:" + REGIONAL_OID, regionalId);
    }

    static HttpResponse<byte[]> get(String url, String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String xdsCodes(BaseServerResponseException e) {
        var oo = (OperationOutcome) e.getOperationOutcome();
        assertThat(oo).as(e.getMessage()).isNotNull();
        var codes = new StringBuilder();
        oo.getIssue().forEach(i -> i.getDetails().getCoding().forEach(c -> codes.append(c.getCode()).append(' ')));
        return codes.toString();
    }

    @Test
    void aBundleProvidedOverFhirIsFoundAndRetrievedOverFhirAndOverSoapWithTheSameIds() throws Exception {
        var uniqueId = XdsMessages.oid();
        var bytes = "<ClinicalDocument>血常规 MHD</ClinicalDocument>".getBytes(StandardCharsets.UTF_8);
        var provided = provideBundle("Patient/" + regionalId, uniqueId, bytes);
        var response = client.transaction().withBundle(provided).execute();
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(response.getEntry()).hasSize(3).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        assertThat(response.getEntry().get(0).getResponse().getLocation()).startsWith("List/");
        var docLocation = response.getEntry().get(1).getResponse().getLocation();
        assertThat(docLocation).startsWith("DocumentReference/");
        var docId = docLocation.substring("DocumentReference/".length());

        // ITI-67 by the regional id, and by hospital A's MRN translated through the patient index
        var found = findByRegionalId().stream().filter(d -> d.getMasterIdentifier().getValue().equals("urn:oid:" + uniqueId)).toList();
        assertThat(found).hasSize(1);
        var doc = found.get(0);
        assertThat(doc.getIdElement().getIdPart()).isEqualTo(docId);
        assertThat(doc.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
        assertThat(doc.getSubject().getReference()).isEqualTo("Patient/" + regionalId);
        assertThat(doc.getContentFirstRep().getAttachment().getTitle()).isEqualTo("血常规检验报告（MHD）");
        assertThat(doc.getContentFirstRep().getAttachment().getSize()).isEqualTo(bytes.length);
        assertThat(findByPatient("urn:oid:" + HOSP_A_OID, mrn)).extracting(d -> d.getIdElement().getIdPart()).contains(docId);

        // read by id, and the ITI-67 filters
        var read = client.read().resource(DocumentReference.class).withId(docId).execute();
        assertThat(read.getMasterIdentifier().getValue()).isEqualTo("urn:oid:" + uniqueId);
        var byType = client.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndIdentifier("urn:oid:" + REGIONAL_OID, regionalId)))
                .and(DocumentReference.TYPE.exactly().systemAndCode("http://loinc.org", "11502-2"))
                .and(DocumentReference.CATEGORY.exactly().systemAndCode("urn:oid:2.16.156.10011.2.3.1.211", "LAB-01"))
                .and(DocumentReference.DATE.afterOrEquals().day("2026-12-01"))
                .and(DocumentReference.DATE.beforeOrEquals().day("2026-12-01"))
                .returnBundle(Bundle.class).execute();
        assertThat(byType.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(docId);
        var otherType = client.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndIdentifier("urn:oid:" + REGIONAL_OID, regionalId)))
                .and(DocumentReference.TYPE.exactly().systemAndCode("http://loinc.org", "18842-5"))
                .returnBundle(Bundle.class).execute();
        assertThat(otherType.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).doesNotContain(docId);

        // ITI-68: the attachment URL gives the bytes with their mime type; FHIR asked for gives a Binary
        var url = doc.getContentFirstRep().getAttachment().getUrl();
        assertThat(url).isEqualTo(engine.url("/fhir/Binary/" + docId));
        var raw = get(url, "text/xml");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(raw.body()).isEqualTo(bytes);
        var binary = client.read().resource(Binary.class).withId(docId).execute();
        assertThat(binary.getData()).isEqualTo(bytes);

        // ITI-18 over SOAP finds the same entry: the FHIR id is the entryUUID
        var query = new FindDocumentsQuery();
        query.setPatientId(XdsMessages.patient(regionalId, REGIONAL_OID));
        query.setStatus(List.of(org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus.APPROVED));
        var answer = Soap.call(engine, "xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery",
                XdsMessages.xml(query, QueryReturnType.LEAF_CLASS));
        assertThat(Soap.count(answer, "//*[local-name()='ExtrinsicObject'][@id='urn:uuid:" + docId + "']")).isEqualTo(1);
        assertThat(Soap.count(answer, "//*[local-name()='ExternalIdentifier'][@value='" + uniqueId + "']")).isEqualTo(1);

        // the same bundle again (a retry) is refused, its submission set being registered already, and nothing
        // is registered twice
        assertThatThrownBy(() -> client.transaction().withBundle(provided).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(xdsCodes(e)).startsWith("XDS"));
        assertThat(findByRegionalId()).filteredOn(d -> d.getMasterIdentifier().getValue().equals("urn:oid:" + uniqueId)).hasSize(1);
    }

    @Test
    void aReplacementDeprecatesTheOriginalWhichIsThenSuperseded() throws Exception {
        var first = client.transaction().withBundle(provideBundle("Patient/" + regionalId, XdsMessages.oid(),
                "<v1/>".getBytes(StandardCharsets.UTF_8))).execute();
        var originalId = first.getEntry().get(1).getResponse().getLocation().substring("DocumentReference/".length());
        var replacement = provideBundle("Patient/" + regionalId, XdsMessages.oid(), "<v2/>".getBytes(StandardCharsets.UTF_8));
        ((DocumentReference) replacement.getEntry().get(1).getResource()).addRelatesTo()
                .setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                .setTarget(new Reference("DocumentReference/" + originalId));
        var second = client.transaction().withBundle(replacement).execute();
        var newId = second.getEntry().get(1).getResponse().getLocation().substring("DocumentReference/".length());

        assertThat(client.read().resource(DocumentReference.class).withId(originalId).execute().getStatus())
                .isEqualTo(Enumerations.DocumentReferenceStatus.SUPERSEDED);
        var current = findByRegionalId().stream().map(d -> d.getIdElement().getIdPart()).toList();
        assertThat(current).contains(newId).doesNotContain(originalId);
        var superseded = client.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndIdentifier("urn:oid:" + REGIONAL_OID, regionalId)))
                .and(DocumentReference.STATUS.exactly().code("superseded")).returnBundle(Bundle.class).execute();
        assertThat(superseded.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(originalId);
    }

    @Test
    void aDocumentProvidedOverSoapIsFoundOverFhir() throws Exception {
        var patient = XdsMessages.patient(regionalId, REGIONAL_OID);
        var entry = XdsMessages.documentEntry(patient, "LAB-01", "20261130100000");
        var bytes = ("<ClinicalDocument>" + entry.getUniqueId() + "</ClinicalDocument>").getBytes(StandardCharsets.UTF_8);
        var ss = XdsMessages.submissionSet(patient);
        var answer = XdsMessages.provideOne(engine, ss, entry, bytes);
        assertThat(answer.xml()).contains("ResponseStatusType:Success");

        var id = entry.getEntryUuid().substring("urn:uuid:".length());
        var doc = client.read().resource(DocumentReference.class).withId(id).execute();
        assertThat(doc.getMasterIdentifier().getValue()).isEqualTo("urn:oid:" + entry.getUniqueId());
        assertThat(doc.getContentFirstRep().getAttachment().getTitle()).isEqualTo("血常规检验报告");
        assertThat(doc.getAuthor()).isNotEmpty();
        assertThat(get(doc.getContentFirstRep().getAttachment().getUrl(), "*/*").body()).isEqualTo(bytes);

        // ITI-66: the submission set is a List with the document as its entry
        var lists = client.search().forResource(ListResource.class)
                .where(ListResource.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndIdentifier("urn:oid:" + REGIONAL_OID, regionalId)))
                .and(ListResource.CODE.exactly().systemAndCode("https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "submissionset"))
                .returnBundle(Bundle.class).execute();
        var list = lists.getEntry().stream().map(e -> (ListResource) e.getResource())
                .filter(l -> l.getIdElement().getIdPart().equals(ss.getEntryUuid().substring("urn:uuid:".length()))).findFirst();
        assertThat(list).isPresent();
        assertThat(list.get().getEntry()).extracting(e -> e.getItem().getReference()).containsExactly("DocumentReference/" + id);
        var read = client.read().resource(ListResource.class).withId(list.get().getIdElement().getIdPart()).execute();
        assertThat(read.getSubject().getReference()).isEqualTo("Patient/" + regionalId);
    }

    @Test
    void badBundlesAreRefusedWithAnOperationOutcomeAndNothingIsRegistered() {
        var before = findByRegionalId().size();
        // a patient the platform does not know: XDSUnknownPatientId
        assertThatThrownBy(() -> client.transaction().withBundle(provideBundle("Patient/QR9999999999", XdsMessages.oid(),
                "x".getBytes(StandardCharsets.UTF_8))).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(xdsCodes(e)).contains("XDSUnknownPatientId"));
        // the DocumentReference's attachment names no Binary of the bundle: XDSMissingDocument
        var noBinary = provideBundle("Patient/" + regionalId, XdsMessages.oid(), "x".getBytes(StandardCharsets.UTF_8));
        noBinary.getEntry().remove(2);
        assertThatThrownBy(() -> client.transaction().withBundle(noBinary).execute())
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(xdsCodes(e)).contains("XDSMissingDocument"));
        // a code outside the affinity domain's code list: the registry's XDSRegistryMetadataError
        var badCode = provideBundle("Patient/" + regionalId, XdsMessages.oid(), "x".getBytes(StandardCharsets.UTF_8));
        ((DocumentReference) badCode.getEntry().get(1).getResource()).setType(new CodeableConcept(new Coding("http://loinc.org", "00000-0", "无")));
        assertThatThrownBy(() -> client.transaction().withBundle(badCode).execute())
                .isInstanceOf(UnprocessableEntityException.class);
        // no MHD profile on the bundle: 400 saying which profile
        var noProfile = provideBundle("Patient/" + regionalId, XdsMessages.oid(), "x".getBytes(StandardCharsets.UTF_8));
        noProfile.getMeta().getProfile().clear();
        assertThatThrownBy(() -> client.transaction().withBundle(noProfile).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Bundle.meta.profile");
        // a mandatory element missing: 422 naming it
        var noType = provideBundle("Patient/" + regionalId, XdsMessages.oid(), "x".getBytes(StandardCharsets.UTF_8));
        ((DocumentReference) noType.getEntry().get(1).getResource()).setType(null);
        assertThatThrownBy(() -> client.transaction().withBundle(noType).execute())
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("DocumentReference.type");
        assertThat(findByRegionalId()).hasSize(before);
    }

    @Test
    void badSearchesAndUnknownIdsGetStandardAnswers() throws Exception {
        // ITI-67 without a patient: HAPI's 400 naming the parameters it cannot take alone
        assertThatThrownBy(() -> client.search().forResource(DocumentReference.class)
                .where(DocumentReference.STATUS.exactly().code("current")).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("status");
        // a code without its system: 400 saying so
        assertThatThrownBy(() -> client.search().forResource(DocumentReference.class)
                .where(DocumentReference.PATIENT.hasChainedProperty(org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly()
                        .systemAndIdentifier("urn:oid:" + REGIONAL_OID, regionalId)))
                .and(DocumentReference.TYPE.exactly().code("11502-2")).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("system");
        // a patient nobody knows: an empty answer
        assertThat(findByPatient("urn:oid:" + REGIONAL_OID, "QR9999999999")).isEmpty();
        assertThatThrownBy(() -> client.read().resource(DocumentReference.class).withId(UUID.randomUUID().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        var missing = get(engine.url("/fhir/Binary/" + UUID.randomUUID()), "application/fhir+json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("OperationOutcome");
        FhirValidation.assertValid(new String(missing.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theCapabilityStatementListsTheMhdInteractionsInJsonAndXml() throws Exception {
        var cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(cs.getSoftware().getName()).isEqualTo("Qiao");
        var types = cs.getRestFirstRep().getResource().stream().map(r -> r.getType()).toList();
        assertThat(types).contains("DocumentReference", "List", "Binary");
        assertThat(cs.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
        // curl, asking for XML
        var curl = new ProcessBuilder("curl", "-sS", "--max-time", "30", "-H", "Accept: application/fhir+xml",
                "-w", "\nHTTP %{http_code}", engine.url("/fhir/metadata")).redirectErrorStream(true).start();
        var out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).isZero();
        assertThat(out).contains("<CapabilityStatement").endsWith("HTTP 200");
    }

    @Test
    void everyMhdTransactionIsAudited() throws Exception {
        var uniqueId = XdsMessages.oid();
        var response = client.transaction().withBundle(provideBundle("Patient/" + regionalId, uniqueId,
                "<a/>".getBytes(StandardCharsets.UTF_8))).execute();
        var docId = response.getEntry().get(1).getResponse().getLocation().substring("DocumentReference/".length());
        findByRegionalId();
        get(engine.url("/fhir/Binary/" + docId), "text/xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ITI-65") >= 1 && count("ITI-67") >= 1 && count("ITI-68") >= 1);
        var iti68 = auditor.json("/api/audit?limit=50&eventType=ITI-68");
        var raw = auditor.json("/api/audit/" + iti68.get(0).get("id").asLong()).get("raw").asText();
        assertThat(raw).contains(regionalId).contains(uniqueId);
    }

    static long count(String eventType) throws Exception {
        return auditor.json("/api/audit/count?eventType=" + eventType).get("count").asLong();
    }
}
