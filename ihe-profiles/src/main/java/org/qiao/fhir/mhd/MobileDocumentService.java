package org.qiao.fhir.mhd;

import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openehealth.ipf.commons.ihe.fhir.iti66.Iti66ListSearchParameters;
import org.openehealth.ipf.commons.ihe.fhir.iti67.Iti67SearchParameters;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFolderAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.registry.DocumentRegistry;
import org.qiao.repository.DocumentRepository;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * IHE MHD 4.2.1 on the XDS registry and repository: one record, whichever door. A Provide Document Bundle (ITI-65)
 * becomes one Provide and Register (ITI-41) with the same rules and error codes; Find Document References (ITI-67)
 * and Find Document Lists (ITI-66) are stored queries (ITI-18); Retrieve Document (ITI-68) is a Retrieve Document
 * Set (ITI-43). The regional id is the Patient's logical id; a patient may also be named by an identifier of any
 * configured domain, which is translated to the regional id through the PIX Manager.
 */
public class MobileDocumentService {

    private final DocumentRegistry registry;
    private final DocumentRepository repository;
    private final PixManager pix;
    private final IdentityDomains domains;

    public MobileDocumentService(DocumentRegistry registry, DocumentRepository repository, PixManager pix,
                                 IdentityDomains domains) {
        this.registry = registry;
        this.repository = repository;
        this.pix = pix;
        this.domains = domains;
    }

    /** The bytes of a document, their mime type, and whose they are (for ITI-68's audit). */
    public record RetrievedDocument(byte[] bytes, String mimeType, String patient, String uniqueId,
                                    String repositoryUniqueId) {
    }

    // ---- ITI-65 -----------------------------------------------------------------------------------------------

    /**
     * Provides a document bundle. Steps: check it is a transaction with one SubmissionSet List, its
     * DocumentReferences and their Binaries (ITI TF-2 3.65.4.1.2); resolve the one patient all of them name; map
     * each to XDS (a new entryUUID where the sender gave a urn:oid or none); add HasMember associations and, for
     * {@code relatesTo} replaces, RPLC; check the result with IPF's ITI-41 validator; provide and register all or
     * nothing; answer each entry 201 with the location
     * of what it became. XDS errors become a 422 OperationOutcome carrying the XDS error code.
     */
    public Bundle provide(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new InvalidRequestException("ITI-65 expects a Bundle of type transaction, not " + bundle.getType());
        }
        ListResource submissionSetList = null;
        var documents = new ArrayList<Bundle.BundleEntryComponent>();
        var binaries = new HashMap<String, Binary>();
        for (var entry : bundle.getEntry()) {
            var r = entry.getResource();
            if (r == null) {
                throw new InvalidRequestException("Bundle entry " + entry.getFullUrl() + " has no resource");
            }
            if (r instanceof ListResource l && isType(l, "submissionset")) {
                if (submissionSetList != null) {
                    throw new InvalidRequestException("ITI-65: more than one SubmissionSet List in the bundle");
                }
                submissionSetList = l;
            } else if (r instanceof DocumentReference) {
                documents.add(entry);
            } else if (r instanceof Binary b) {
                binaries.put(entry.getFullUrl(), b);
            } else if (!(r instanceof org.hl7.fhir.r4.model.Patient)) {
                throw new InvalidRequestException("ITI-65 cannot take a " + r.fhirType() + " (entry " + entry.getFullUrl()
                        + "): Folders and other resources are not supported here");
            }
        }
        if (submissionSetList == null) {
            throw new InvalidRequestException("ITI-65: the bundle has no SubmissionSet List (List.code submissionset)");
        }
        if (documents.isEmpty()) {
            throw new InvalidRequestException("ITI-65: the bundle has no DocumentReference");
        }
        var patient = patientOf(submissionSetList.getSubject(), "List.subject");
        var ssUuid = entryUuid(bundle, submissionSetList);
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(MhdMetadata.submissionSet(submissionSetList, ssUuid, patient));
        var locations = new LinkedHashMap<Resource, String>();
        locations.put(submissionSetList, "List/" + MhdMetadata.logicalId(ssUuid));
        for (var entry : documents) {
            var d = (DocumentReference) entry.getResource();
            var subject = patientOf(d.getSubject(), "DocumentReference.subject");
            if (!subject.equals(patient)) {
                throw new UnprocessableEntityException(outcome(ErrorCode.PATIENT_ID_DOES_NOT_MATCH,
                        "DocumentReference " + entry.getFullUrl() + " names another patient than the SubmissionSet",
                        entry.getFullUrl()));
            }
            var uuid = entryUuid(bundle, d);
            var documentEntry = MhdMetadata.documentEntry(d, uuid, patient);
            var bytes = bytesOf(d, binaries);
            request.getDocuments().add(new Document(documentEntry,
                    new DataHandler(new BytesDataSource(bytes, documentEntry.getMimeType()))));
            var member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), ssUuid, uuid);
            member.setLabel(AssociationLabel.ORIGINAL);
            request.getAssociations().add(member);
            for (var relates : d.getRelatesTo()) {
                if (relates.getCode() == DocumentReference.DocumentRelationshipType.REPLACES) {
                    var target = relates.getTarget().getReference();
                    if (target == null || !target.contains("DocumentReference/")) {
                        throw new UnprocessableEntityException(outcome(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                                "relatesTo.target must reference the DocumentReference replaced", entry.getFullUrl()));
                    }
                    var targetId = target.substring(target.lastIndexOf("DocumentReference/") + 18);
                    request.getAssociations().add(new Association(AssociationType.REPLACE,
                            "urn:uuid:" + UUID.randomUUID(), uuid, MhdMetadata.uuidUrn(targetId)));
                }
            }
            locations.put(d, "DocumentReference/" + MhdMetadata.logicalId(uuid));
            var url = d.getContentFirstRep().getAttachment().getUrl();
            if (url != null && binaries.containsKey(url)) {
                locations.put(binaries.get(url), "Binary/" + MhdMetadata.logicalId(uuid));
            }
        }
        validate(request);
        var answer = repository.provideAndRegister(request);
        failOn(answer);
        var response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (var entry : bundle.getEntry()) {
            var location = locations.get(entry.getResource());
            var r = response.addEntry().getResponse().setStatus("201 Created");
            if (location != null) {
                r.setLocation(location);
            }
        }
        return response;
    }

    /** IPF's ITI-41 metadata validation, as the SOAP door runs it: the same XDS error codes. */
    private static void validate(ProvideAndRegisterDocumentSet request) {
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        try {
            ProvideAndRegisterDocumentSetRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_41);
        } catch (XDSMetaDataException e) {
            var code = e.getValidationMessage().getErrorCode();
            throw new UnprocessableEntityException(e.getMessage(),
                    outcome(code == null ? ErrorCode.REGISTRY_METADATA_ERROR : code, e.getMessage(), null));
        }
    }

    private static boolean isType(ListResource l, String code) {
        return l.getCode().getCoding().stream().anyMatch(c -> code.equals(c.getCode()));
    }

    /** The entryUUID: the resource's urn:uuid identifier, else its urn:uuid fullUrl, else a new one. */
    private static String entryUuid(Bundle bundle, Resource r) {
        List<org.hl7.fhir.r4.model.Identifier> ids = r instanceof DocumentReference d ? d.getIdentifier()
                : ((ListResource) r).getIdentifier();
        for (var id : ids) {
            if (id.getValue() != null && id.getValue().startsWith("urn:uuid:")) {
                return id.getValue();
            }
        }
        for (var entry : bundle.getEntry()) {
            if (entry.getResource() == r && entry.getFullUrl() != null && entry.getFullUrl().startsWith("urn:uuid:")) {
                return entry.getFullUrl();
            }
        }
        return "urn:uuid:" + UUID.randomUUID();
    }

    private static byte[] bytesOf(DocumentReference d, Map<String, Binary> binaries) {
        var attachment = d.getContentFirstRep().getAttachment();
        if (attachment.hasData()) {
            return attachment.getData();
        }
        var url = attachment.getUrl();
        var binary = url == null ? null : binaries.get(url);
        if (binary == null) {
            throw new UnprocessableEntityException(outcome(ErrorCode.MISSING_DOCUMENT,
                    "DocumentReference " + d.getMasterIdentifier().getValue()
                            + ": attachment.url must name a Binary of the bundle (its fullUrl)", url));
        }
        return binary.getData() == null ? new byte[0] : binary.getData();
    }

    private static void failOn(Response answer) {
        if (answer.getStatus() == Status.SUCCESS) {
            return;
        }
        var oo = new OperationOutcome();
        for (var e : answer.getErrors()) {
            oo.addIssue(issue(e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode(),
                    e.getCodeContext(), e.getLocation()));
        }
        throw new UnprocessableEntityException(
                answer.getErrors().isEmpty() ? "The registry refused the submission" : answer.getErrors().get(0).getCodeContext(), oo);
    }

    static OperationOutcome outcome(ErrorCode code, String message, String location) {
        return new OperationOutcome().addIssue(issue(code.getOpcode(), message, location));
    }

    /** An XDS error as an issue: the XDS error code in details (ITI TF-2 3.65.4.2.3), the message in diagnostics. */
    private static OperationOutcome.OperationOutcomeIssueComponent issue(String xdsCode, String message, String location) {
        var issue = new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(message)
                .setDetails(new CodeableConcept().setText(message));
        issue.getDetails().addCoding().setSystem("urn:ihe:iti:xds:errorCode").setCode(xdsCode).setDisplay(xdsCode);
        if (location != null) {
            issue.addLocation(location);
        }
        return issue;
    }

    // ---- patients ---------------------------------------------------------------------------------------------

    /** The affinity-domain id a reference names (Patient/{regionalId}, an absolute URL to it, or an identifier). */
    private Identifiable patientOf(Reference subject, String element) {
        if (subject == null || subject.isEmpty()) {
            throw new UnprocessableEntityException(outcome(ErrorCode.UNKNOWN_PATIENT_ID, element + " is required", element));
        }
        Optional<Identifiable> found;
        if (subject.hasReference()) {
            found = byLogicalId(subject.getReference());
        } else {
            found = byIdentifier(subject.getIdentifier().getSystem(), subject.getIdentifier().getValue());
        }
        return found.orElseThrow(() -> new UnprocessableEntityException(outcome(ErrorCode.UNKNOWN_PATIENT_ID,
                element + " names a patient this platform does not know: " + (subject.hasReference()
                        ? subject.getReference() : subject.getIdentifier().getSystem() + "|" + subject.getIdentifier().getValue()),
                element)));
    }

    private Optional<Identifiable> byLogicalId(String reference) {
        var i = reference.lastIndexOf("Patient/");
        if (i < 0) {
            return Optional.empty();
        }
        var id = reference.substring(i + "Patient/".length());
        var slash = id.indexOf('/');
        id = slash < 0 ? id : id.substring(0, slash);
        return Optional.of(affinity(id));
    }

    private Optional<Identifiable> byIdentifier(String system, String value) {
        if (system == null || value == null) {
            return Optional.empty();
        }
        var oid = MhdMetadata.oid(system);
        var affinity = domains.affinityDomain();
        if (affinity.oid().equals(oid)) {
            return Optional.of(affinity(value));
        }
        var domain = domains.all().stream().filter(d -> d.oid().equals(oid)).findFirst();
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        return pix.crossReferences(new Identifier(value, domain.get().code())).flatMap(ids -> ids.stream()
                .filter(id -> id.domain().equals(affinity.code())).findFirst()).map(id -> affinity(id.value()));
    }

    private Identifiable affinity(String value) {
        return new Identifiable(value, new AssigningAuthority(domains.affinityDomain().oid(), "ISO"));
    }

    /** The subject of a resource: the regional id as Patient's logical id, and the identifier it is. */
    private Reference patientReference(Identifiable id) {
        if (id == null) {
            return null;
        }
        var ref = new Reference().setIdentifier(MhdMetadata.identifier(id));
        if (id.getAssigningAuthority() != null
                && domains.affinityDomain().oid().equals(id.getAssigningAuthority().getUniversalId())) {
            ref.setReference("Patient/" + id.getId());
        }
        return ref;
    }

    /** The patient a search names (patient or patient.identifier), or empty when it names none this platform knows. */
    private Optional<Identifiable> searchedPatient(ReferenceParam reference, TokenParam identifier) {
        if (reference != null) {
            if (reference.getChain() != null && !reference.getChain().isEmpty()) {
                throw new InvalidRequestException("Chained patient search is not supported, use patient.identifier");
            }
            return byLogicalId("Patient/" + reference.getIdPart());
        }
        if (identifier != null) {
            if (identifier.getSystem() == null || identifier.getSystem().isEmpty()) {
                throw new InvalidRequestException("patient.identifier needs a system: urn:oid:<assigning authority>|<id>");
            }
            return byIdentifier(identifier.getSystem(), identifier.getValue());
        }
        throw new InvalidRequestException("ITI-67 and ITI-66 need patient or patient.identifier (ITI TF-2 3.67.4.1.2.1)");
    }

    // ---- ITI-67 -----------------------------------------------------------------------------------------------

    /**
     * Find Document References: FindDocuments for the patient, or GetDocuments for {@code _id} / {@code identifier},
     * with status, date (creationTime), period (service time), category, type, setting, facility, event, format,
     * securityLabel and author name as the stored query's parameters (MHD 4.2.1 2:3.67.4.1.2.1).
     */
    public List<DocumentReference> findDocumentReferences(Iti67SearchParameters p, String documentBase) {
        if (p.get_id() != null || p.getIdentifier() != null) {
            var query = new GetDocumentsQuery();
            if (p.get_id() != null) {
                query.setUuids(List.of(MhdMetadata.uuidUrn(p.get_id().getValue())));
            } else if (p.getIdentifier().getValue().startsWith("urn:uuid:")) {
                query.setUuids(List.of(p.getIdentifier().getValue()));
            } else {
                query.setUniqueIds(List.of(MhdMetadata.oid(p.getIdentifier().getValue())));
            }
            return documentReferences(query(query).getDocumentEntries(), documentBase);
        }
        var patient = searchedPatient(p.getPatientReference(), p.getPatientIdentifier());
        if (patient.isEmpty()) {
            return List.of();
        }
        var query = new FindDocumentsQuery();
        query.setPatientId(patient.get());
        query.setStatus(statuses(p.getStatus(), "current", "superseded"));
        range(p.getDate(), query.getCreationTime());
        if (p.getPeriod() != null) {
            // a service period overlapping the asked one: started before its end, stopped after its start
            var start = new TimeRange();
            var stop = new TimeRange();
            range(p.getPeriod(), start);
            range(p.getPeriod(), stop);
            query.getServiceStartTime().setTo(start.getTo());
            query.getServiceStopTime().setFrom(stop.getFrom());
        }
        query.setClassCodes(codes(p.getCategory()));
        query.setTypeCodes(codes(p.getType()));
        query.setPracticeSettingCodes(codes(p.getSetting()));
        query.setHealthcareFacilityTypeCodes(codes(p.getFacility()));
        query.setFormatCodes(codes(p.getFormat()));
        if (p.getEvent() != null) {
            query.setEventCodes(anyOf(codes(p.getEvent())));
        }
        if (p.getSecurityLabel() != null) {
            query.setConfidentialityCodes(anyOf(codes(p.getSecurityLabel())));
        }
        var author = authorPattern(p.getAuthorFamilyName() == null ? null : p.getAuthorFamilyName().getValue(),
                p.getAuthorGivenName() == null ? null : p.getAuthorGivenName().getValue());
        if (author != null) {
            query.setAuthorPersons(List.of(author));
        }
        return documentReferences(query(query).getDocumentEntries(), documentBase);
    }

    /** Read DocumentReference/{id}. */
    public DocumentReference documentReference(String id, String documentBase) {
        var query = new GetDocumentsQuery();
        query.setUuids(List.of(MhdMetadata.uuidUrn(id)));
        var found = documentReferences(query(query).getDocumentEntries(), documentBase);
        if (found.isEmpty()) {
            throw new ResourceNotFoundException("DocumentReference/" + id);
        }
        return found.get(0);
    }

    private List<DocumentReference> documentReferences(List<DocumentEntry> entries, String documentBase) {
        var out = new ArrayList<DocumentReference>(entries.size());
        Function<DocumentEntry, String> url = e -> documentBase + "/Binary/" + MhdMetadata.logicalId(e.getEntryUuid());
        for (var e : entries) {
            out.add(MhdMetadata.documentReference(e, this::patientReference, url));
        }
        out.sort((a, b) -> b.getDate() == null || a.getDate() == null ? 0 : b.getDate().compareTo(a.getDate()));
        return out;
    }

    // ---- ITI-66 -----------------------------------------------------------------------------------------------

    /**
     * Find Document Lists: FindSubmissionSets and FindFolders (by {@code code}, both when not given), each List with
     * its members; {@code _id}/{@code identifier} read one. Steps per list: the stored query, then
     * GetSubmissionSetAndContents / GetFolderAndContents for the members.
     */
    public List<ListResource> findLists(Iti66ListSearchParameters p) {
        var out = new ArrayList<ListResource>();
        if (p.get_id() != null || p.getIdentifier() != null) {
            var id = p.get_id() != null ? MhdMetadata.uuidUrn(p.get_id().getValue()) : p.getIdentifier().getValue();
            listById(id).ifPresent(out::add);
            return out;
        }
        var patient = searchedPatient(p.getPatientReference(), p.getPatientIdentifier());
        if (patient.isEmpty()) {
            return out;
        }
        var types = p.getCode() == null ? List.of("submissionset", "folder")
                : p.getCode().getValuesAsQueryTokens().stream().map(TokenParam::getValue).toList();
        var statuses = statuses(p.getStatus(), "current", "retired");
        if (types.contains("submissionset")) {
            var q = new FindSubmissionSetsQuery();
            q.setPatientId(patient.get());
            q.setStatus(statuses);
            range(p.getDate(), q.getSubmissionTime());
            q.setContentTypeCodes(codes(p.getDesignationType()));
            if (p.getSourceId() != null) {
                q.setSourceIds(p.getSourceId().getValuesAsQueryTokens().stream()
                        .map(t -> MhdMetadata.oid(t.getValue())).toList());
            }
            for (var s : query(q).getSubmissionSets()) {
                out.add(MhdMetadata.submissionSetList(s, this::patientReference, members(s.getEntryUuid(), true)));
            }
        }
        if (types.contains("folder")) {
            var q = new FindFoldersQuery();
            q.setPatientId(patient.get());
            q.setStatus(statuses);
            range(p.getDate(), q.getLastUpdateTime());
            for (var f : query(q).getFolders()) {
                out.add(MhdMetadata.folderList(f, this::patientReference, members(f.getEntryUuid(), false)));
            }
        }
        return out;
    }

    /** Read List/{id}: the submission set or folder with that entryUUID. */
    public ListResource list(String id) {
        return listById(MhdMetadata.uuidUrn(id)).orElseThrow(() -> new ResourceNotFoundException("List/" + id));
    }

    private Optional<ListResource> listById(String uuidOrUniqueId) {
        var ss = new GetSubmissionSetAndContentsQuery();
        if (uuidOrUniqueId.startsWith("urn:uuid:")) {
            ss.setUuid(uuidOrUniqueId);
        } else {
            ss.setUniqueId(MhdMetadata.oid(uuidOrUniqueId));
        }
        var answer = query(ss);
        if (!answer.getSubmissionSets().isEmpty()) {
            var s = answer.getSubmissionSets().get(0);
            return Optional.of(MhdMetadata.submissionSetList(s, this::patientReference,
                    answer.getDocumentEntries().stream().map(DocumentEntry::getEntryUuid).toList()));
        }
        var folders = new GetFoldersQuery();
        if (uuidOrUniqueId.startsWith("urn:uuid:")) {
            folders.setUuids(List.of(uuidOrUniqueId));
        } else {
            folders.setUniqueIds(List.of(MhdMetadata.oid(uuidOrUniqueId)));
        }
        var found = query(folders).getFolders();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var f = found.get(0);
        return Optional.of(MhdMetadata.folderList(f, this::patientReference, members(f.getEntryUuid(), false)));
    }

    private List<String> members(String uuid, boolean submissionSet) {
        Query q;
        if (submissionSet) {
            var ss = new GetSubmissionSetAndContentsQuery();
            ss.setUuid(uuid);
            q = ss;
        } else {
            var f = new GetFolderAndContentsQuery();
            f.setUuid(uuid);
            q = f;
        }
        return query(q).getDocumentEntries().stream().map(DocumentEntry::getEntryUuid).toList();
    }

    // ---- ITI-68 -----------------------------------------------------------------------------------------------

    /** Retrieve Document: the bytes of DocumentReference/{id}'s document (Binary/{id}), from this repository. */
    public RetrievedDocument retrieve(String id) {
        var query = new GetDocumentsQuery();
        query.setUuids(List.of(MhdMetadata.uuidUrn(id)));
        var entries = query(query).getDocumentEntries();
        if (entries.isEmpty()) {
            throw new ResourceNotFoundException("Binary/" + id);
        }
        var e = entries.get(0);
        var request = new RetrieveDocumentSet();
        request.getDocuments().add(new org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference(
                e.getRepositoryUniqueId(), e.getUniqueId(), null));
        var answer = repository.retrieve(request);
        if (answer.getDocuments().isEmpty()) {
            throw new ResourceNotFoundException("Binary/" + id + ": document " + e.getUniqueId()
                    + " is registered but not in this repository");
        }
        var doc = answer.getDocuments().get(0);
        try (var in = doc.getDataHandler().getInputStream()) {
            var pid = e.getPatientId();
            return new RetrievedDocument(in.readAllBytes(), doc.getMimeType() != null ? doc.getMimeType() : e.getMimeType(),
                    pid.getId() + "^^^&" + pid.getAssigningAuthority().getUniversalId() + "&ISO",
                    e.getUniqueId(), e.getRepositoryUniqueId());
        } catch (IOException unreadable) {
            throw new ca.uhn.fhir.rest.server.exceptions.InternalErrorException("Document " + e.getUniqueId()
                    + " could not be read: " + unreadable.getMessage(), unreadable);
        }
    }

    // ---- query helpers ----------------------------------------------------------------------------------------

    private QueryResponse query(Query query) {
        var answer = registry.storedQuery(new QueryRegistry(query, QueryReturnType.LEAF_CLASS));
        if (answer.getStatus() == Status.FAILURE) {
            var e = answer.getErrors().isEmpty() ? null : answer.getErrors().get(0);
            throw new InvalidRequestException(e == null ? "The registry refused the query" : e.getCodeContext());
        }
        return answer;
    }

    /** FHIR status tokens (current, superseded/retired) as XDS availability statuses; none given: Approved. */
    private static List<AvailabilityStatus> statuses(TokenOrListParam status, String current, String deprecated) {
        if (status == null) {
            return List.of(AvailabilityStatus.APPROVED);
        }
        var out = new ArrayList<AvailabilityStatus>();
        for (var t : status.getValuesAsQueryTokens()) {
            if (current.equals(t.getValue())) {
                out.add(AvailabilityStatus.APPROVED);
            } else if (deprecated.equals(t.getValue())) {
                out.add(AvailabilityStatus.DEPRECATED);
            } else {
                throw new InvalidRequestException("status " + t.getValue() + " is not one of " + current + ", " + deprecated);
            }
        }
        return out;
    }

    /** One OR-group of codes (XDS AND/OR lists, ITI TF-2a 3.18.4.1.2.3.7). */
    private static QueryList<Code> anyOf(List<Code> codes) {
        var list = new QueryList<Code>();
        list.getOuterList().add(codes);
        return list;
    }

    private static List<Code> codes(TokenOrListParam tokens) {
        if (tokens == null) {
            return null;
        }
        var out = new ArrayList<Code>();
        for (var t : tokens.getValuesAsQueryTokens()) {
            if (t.getSystem() == null || t.getSystem().isEmpty()) {
                throw new InvalidRequestException("A coded parameter needs system|code: " + t.getValue()
                        + " has no system (XDS codes are matched with their coding scheme)");
            }
            out.add(new Code(t.getValue(), null, MhdCodes.scheme(t.getSystem())));
        }
        return out;
    }

    /** A FHIR date range as an XDS time range: From inclusive, To exclusive (ITI TF-2a 3.18.4.1.2.3.6). */
    private static void range(DateRangeParam range, TimeRange into) {
        if (range == null) {
            return;
        }
        if (range.getLowerBoundAsInstant() != null) {
            into.setFrom(new Timestamp(range.getLowerBoundAsInstant().toInstant().atZone(ZoneOffset.UTC),
                    Timestamp.Precision.SECOND));
        }
        if (range.getUpperBoundAsInstant() != null) {
            into.setTo(new Timestamp(range.getUpperBoundAsInstant().toInstant().plusSeconds(1).atZone(ZoneOffset.UTC),
                    Timestamp.Precision.SECOND));
        }
    }

    /** author.family / author.given as an XDS author person pattern (XCN with % wildcards, ITI TF-2a 3.18.4.1.2.3.5). */
    private static String authorPattern(String family, String given) {
        if (family == null && given == null) {
            return null;
        }
        return "%" + (family == null ? "" : family + "%") + (given == null ? "" : "^" + given + "%");
    }

    /** Bytes taken from a bundle, as the repository reads a provided document. */
    private record BytesDataSource(byte[] bytes, String contentType) implements jakarta.activation.DataSource {
        @Override
        public java.io.InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return "document";
        }
    }
}
