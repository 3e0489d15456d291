package org.qiao.fhir.mhd;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openehealth.ipf.commons.ihe.fhir.mhd.MhdProfile;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XcnName;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * XDS metadata as MHD 4.2.1 resources and back (ITI TF-2 Appendix Z.9 / MHD "FHIR-XDS mapping"): a DocumentEntry
 * is a DocumentReference, a SubmissionSet or Folder a List. Ids: a DocumentReference's and a List's logical id is
 * its entryUUID without {@code urn:uuid:}, so the object registered over SOAP is the resource read over FHIR; the
 * uniqueId is the masterIdentifier (DocumentReference) or the usual identifier (List), as {@code urn:oid:}.
 */
public final class MhdMetadata {

    static final String URI = "urn:ietf:rfc:3986";
    static final String SOURCE_ID = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId";
    static final String DESIGNATION_TYPE = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType";
    static final String AUTHOR_ORG = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-authorOrg";
    static final String LIST_TYPES = "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes";

    private MhdMetadata() {
    }

    // ---- XDS → FHIR -------------------------------------------------------------------------------------------

    /**
     * A registered DocumentEntry as a Comprehensive DocumentReference. {@code patient} makes the subject reference
     * (the regional id is the Patient's logical id); {@code documentUrl} the attachment URL (ITI-68).
     */
    public static DocumentReference documentReference(DocumentEntry e, Function<Identifiable, Reference> patient,
                                                      Function<DocumentEntry, String> documentUrl) {
        var d = new DocumentReference();
        d.setId(logicalId(e.getEntryUuid()));
        d.getMeta().addProfile(MhdProfile.COMPREHENSIVE_DOCUMENT_REFERENCE.getUrl());
        d.setMasterIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(URI).setValue(oidUrn(e.getUniqueId())));
        d.addIdentifier().setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.OFFICIAL).setSystem(URI)
                .setValue(uuidUrn(e.getEntryUuid()));
        d.setStatus(e.getAvailabilityStatus() == AvailabilityStatus.DEPRECATED ? DocumentReferenceStatus.SUPERSEDED
                : DocumentReferenceStatus.CURRENT);
        d.setType(MhdCodes.concept(e.getTypeCode()));
        if (e.getClassCode() != null) {
            d.addCategory(MhdCodes.concept(e.getClassCode()));
        }
        d.setSubject(patient.apply(e.getPatientId()));
        if (e.getCreationTime() != null) {
            d.setDate(Date.from(e.getCreationTime().getDateTime().toInstant()));
        }
        for (var a : e.getAuthors()) {
            author(d.getContained(), d.getAuthor(), a);
        }
        if (e.getComments() != null) {
            d.setDescription(e.getComments().getValue());
        }
        e.getConfidentialityCodes().forEach(c -> d.addSecurityLabel(MhdCodes.concept(c)));
        var content = d.addContent();
        var attachment = content.getAttachment();
        attachment.setContentType(e.getMimeType());
        attachment.setLanguage(e.getLanguageCode());
        attachment.setUrl(documentUrl.apply(e));
        if (e.getSize() != null) {
            attachment.setSize(Math.toIntExact(e.getSize()));
        }
        if (e.getHash() != null) {
            attachment.setHash(hexToBytes(e.getHash()));
        }
        if (e.getTitle() != null) {
            attachment.setTitle(e.getTitle().getValue());
        }
        if (e.getCreationTime() != null) {
            attachment.setCreationElement(dateTime(e.getCreationTime()));
        }
        if (e.getFormatCode() != null) {
            content.setFormat(MhdCodes.coding(e.getFormatCode()));
        }
        var context = d.getContext();
        e.getEventCodeList().forEach(c -> context.addEvent(MhdCodes.concept(c)));
        if (e.getServiceStartTime() != null || e.getServiceStopTime() != null) {
            var period = new Period();
            if (e.getServiceStartTime() != null) {
                period.setStartElement(dateTime(e.getServiceStartTime()));
            }
            if (e.getServiceStopTime() != null) {
                period.setEndElement(dateTime(e.getServiceStopTime()));
            }
            context.setPeriod(period);
        }
        context.setFacilityType(MhdCodes.concept(e.getHealthcareFacilityTypeCode()));
        context.setPracticeSetting(MhdCodes.concept(e.getPracticeSettingCode()));
        if (e.getSourcePatientId() != null) {
            context.setSourcePatientInfo(new Reference().setIdentifier(identifier(e.getSourcePatientId())));
        }
        return d;
    }

    /** A SubmissionSet as a List of type submissionset, its members as entries. */
    public static ListResource submissionSetList(SubmissionSet s, Function<Identifiable, Reference> patient,
                                                 List<String> memberUuids) {
        var l = list(s.getEntryUuid(), s.getUniqueId(), s.getAvailabilityStatus(), "submissionset",
                MhdProfile.COMPREHENSIVE_SUBMISSIONSET_TYPE_LIST.getUrl());
        l.setSubject(patient.apply(s.getPatientId()));
        if (s.getSubmissionTime() != null) {
            l.setDateElement(dateTime(s.getSubmissionTime()));
        }
        if (s.getTitle() != null) {
            l.setTitle(s.getTitle().getValue());
        }
        if (s.getComments() != null) {
            l.addNote().setText(s.getComments().getValue());
        }
        if (s.getSourceId() != null) {
            l.addExtension(SOURCE_ID, new org.hl7.fhir.r4.model.Identifier().setSystem(URI)
                    .setValue(oidUrn(s.getSourceId())));
        }
        if (s.getContentTypeCode() != null) {
            l.addExtension(DESIGNATION_TYPE, MhdCodes.concept(s.getContentTypeCode()));
        }
        // List.source holds one author (the person, else the institution); further ones go in the MHD authorOrg
        // extension, so every contained resource is referenced (FHIR dom-3)
        var refs = new java.util.ArrayList<Reference>();
        for (var a : s.getAuthors()) {
            author(l.getContained(), refs, a);
        }
        for (int i = 0; i < refs.size(); i++) {
            if (i == 0) {
                l.setSource(refs.get(0));
            } else {
                l.addExtension(AUTHOR_ORG, refs.get(i));
            }
        }
        memberUuids.forEach(uuid -> l.addEntry().setItem(new Reference("DocumentReference/" + logicalId(uuid))));
        return l;
    }

    /** A Folder as a List of type folder, its members as entries. */
    public static ListResource folderList(Folder f, Function<Identifiable, Reference> patient, List<String> memberUuids) {
        var l = list(f.getEntryUuid(), f.getUniqueId(), f.getAvailabilityStatus(), "folder",
                MhdProfile.COMPREHENSIVE_FOLDER_TYPE_LIST.getUrl());
        l.setSubject(patient.apply(f.getPatientId()));
        if (f.getLastUpdateTime() != null) {
            l.setDateElement(dateTime(f.getLastUpdateTime()));
        }
        if (f.getTitle() != null) {
            l.setTitle(f.getTitle().getValue());
        }
        if (f.getComments() != null) {
            l.addNote().setText(f.getComments().getValue());
        }
        f.getCodeList().forEach(c -> l.addExtension(DESIGNATION_TYPE, MhdCodes.concept(c)));
        memberUuids.forEach(uuid -> l.addEntry().setItem(new Reference("DocumentReference/" + logicalId(uuid))));
        return l;
    }

    private static ListResource list(String entryUuid, String uniqueId, AvailabilityStatus status, String type,
                                     String profile) {
        var l = new ListResource();
        l.setId(logicalId(entryUuid));
        l.getMeta().addProfile(profile);
        l.addIdentifier().setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.OFFICIAL).setSystem(URI)
                .setValue(uuidUrn(entryUuid));
        l.addIdentifier().setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.USUAL).setSystem(URI)
                .setValue(oidUrn(uniqueId));
        l.setStatus(status == AvailabilityStatus.DEPRECATED ? ListResource.ListStatus.RETIRED
                : ListResource.ListStatus.CURRENT);
        l.setMode(ListResource.ListMode.WORKING);
        l.setCode(new CodeableConcept(new org.hl7.fhir.r4.model.Coding(LIST_TYPES, type, null)));
        return l;
    }

    private static void author(List<Resource> contained, List<Reference> refs, Author a) {
        if (a.getAuthorPerson() != null && a.getAuthorPerson().getName() != null) {
            var name = a.getAuthorPerson().getName();
            var p = new Practitioner();
            p.setId("author" + (contained.size() + 1));
            p.addName(new HumanName().setFamily(name.getFamilyName()).addGiven(name.getGivenName()));
            contained.add(p);
            refs.add(new Reference("#" + p.getId()));
        }
        for (var org : a.getAuthorInstitution()) {
            var o = new Organization();
            o.setId("author" + (contained.size() + 1));
            o.setName(org.getOrganizationName());
            if (org.getIdNumber() != null) {
                o.addIdentifier().setSystem(URI).setValue(oidUrn(org.getIdNumber()));
            }
            contained.add(o);
            refs.add(new Reference("#" + o.getId()));
        }
    }

    // ---- FHIR → XDS -------------------------------------------------------------------------------------------

    /**
     * A provided DocumentReference as a DocumentEntry (ITI-65 → ITI-41). Mandatory XDS attributes missing from the
     * resource are refused with a 422 naming the element, as the Document Recipient does (ITI TF-2 3.65.4.1.3).
     */
    public static DocumentEntry documentEntry(DocumentReference d, String entryUuid, Identifiable patient) {
        var e = new DocumentEntry();
        e.setEntryUuid(entryUuid);
        e.setUniqueId(oid(required(d.getMasterIdentifier().getValue(), "DocumentReference.masterIdentifier")));
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setPatientId(patient);
        e.setSourcePatientId(d.getContext().getSourcePatientInfo().hasIdentifier()
                ? identifiable(d.getContext().getSourcePatientInfo().getIdentifier()) : patient);
        e.setTypeCode(requiredCode(MhdCodes.code(d.getType()), "DocumentReference.type"));
        e.setClassCode(requiredCode(d.getCategory().isEmpty() ? null : MhdCodes.code(d.getCategoryFirstRep()),
                "DocumentReference.category"));
        for (var label : d.getSecurityLabel()) {
            e.getConfidentialityCodes().add(MhdCodes.code(label));
        }
        if (e.getConfidentialityCodes().isEmpty()) {
            throw unprocessable("DocumentReference.securityLabel is required (XDS confidentialityCode)");
        }
        if (d.hasDescription()) {
            e.setComments(new LocalizedString(d.getDescription()));
        }
        if (d.getContent().isEmpty()) {
            throw unprocessable("DocumentReference.content is required");
        }
        var content = d.getContentFirstRep();
        var attachment = content.getAttachment();
        e.setMimeType(required(attachment.getContentType(), "DocumentReference.content.attachment.contentType"));
        e.setLanguageCode(attachment.hasLanguage() ? attachment.getLanguage() : null);
        if (attachment.hasTitle()) {
            e.setTitle(new LocalizedString(attachment.getTitle()));
        }
        if (attachment.hasCreation()) {
            e.setCreationTime(timestamp(attachment.getCreationElement()));
        } else if (d.hasDate()) {
            e.setCreationTime(new Timestamp(d.getDate().toInstant().atZone(ZoneOffset.UTC), Timestamp.Precision.SECOND));
        } else {
            throw unprocessable("DocumentReference.content.attachment.creation is required (XDS creationTime)");
        }
        if (attachment.hasHash()) {
            e.setHash(bytesToHex(attachment.getHash()));
        }
        if (attachment.hasSize()) {
            e.setSize((long) attachment.getSize());
        }
        e.setFormatCode(requiredCode(content.hasFormat() ? MhdCodes.code(content.getFormat()) : null,
                "DocumentReference.content.format"));
        var context = d.getContext();
        e.setHealthcareFacilityTypeCode(requiredCode(MhdCodes.code(context.getFacilityType()),
                "DocumentReference.context.facilityType"));
        e.setPracticeSettingCode(requiredCode(MhdCodes.code(context.getPracticeSetting()),
                "DocumentReference.context.practiceSetting"));
        context.getEvent().forEach(c -> e.getEventCodeList().add(MhdCodes.code(c)));
        if (context.hasPeriod()) {
            if (context.getPeriod().hasStart()) {
                e.setServiceStartTime(timestamp(context.getPeriod().getStartElement()));
            }
            if (context.getPeriod().hasEnd()) {
                e.setServiceStopTime(timestamp(context.getPeriod().getEndElement()));
            }
        }
        for (var ref : d.getAuthor()) {
            var author = author(ref, d.getContained());
            if (author != null) {
                e.getAuthors().add(author);
            }
        }
        return e;
    }

    /** A provided SubmissionSet List as a SubmissionSet (ITI-65 → ITI-41). */
    public static SubmissionSet submissionSet(ListResource l, String entryUuid, Identifiable patient) {
        var s = new SubmissionSet();
        s.setEntryUuid(entryUuid);
        s.setUniqueId(oid(required(usualIdentifier(l), "List.identifier (usual: the submission set's uniqueId)")));
        s.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        s.setPatientId(patient);
        // a List declaring IPF's MHD profile parses into its model class, which holds these extensions as fields
        org.hl7.fhir.r4.model.Identifier sourceId = null;
        CodeableConcept designation = null;
        if (l instanceof org.openehealth.ipf.commons.ihe.fhir.mhd.model.SubmissionSetList<?> profiled) {
            sourceId = profiled.hasSourceId() ? profiled.getSourceId() : null;
            designation = profiled.hasDesignationType() ? profiled.getDesignationTypeFirstRep() : null;
        }
        var sourceExtension = l.getExtensionByUrl(SOURCE_ID);
        if (sourceId == null && sourceExtension != null
                && sourceExtension.getValue() instanceof org.hl7.fhir.r4.model.Identifier id) {
            sourceId = id;
        }
        var designationExtension = l.getExtensionByUrl(DESIGNATION_TYPE);
        if (designation == null && designationExtension != null
                && designationExtension.getValue() instanceof CodeableConcept c) {
            designation = c;
        }
        if (sourceId == null || !sourceId.hasValue()) {
            throw unprocessable("List.extension:sourceId is required (XDS sourceId, " + SOURCE_ID + ")");
        }
        s.setSourceId(oid(sourceId.getValue()));
        s.setContentTypeCode(requiredCode(designation == null ? null : MhdCodes.code(designation),
                "List.extension:designationType"));
        s.setSubmissionTime(l.hasDate() ? timestamp(l.getDateElement()) : Timestamp.now());
        if (l.hasTitle()) {
            s.setTitle(new LocalizedString(l.getTitle()));
        }
        if (l.hasNote()) {
            s.setComments(new LocalizedString(l.getNoteFirstRep().getText()));
        }
        if (l.hasSource()) {
            var author = author(l.getSource(), l.getContained());
            if (author != null) {
                s.getAuthors().add(author);
            }
        }
        return s;
    }

    private static Author author(Reference ref, List<Resource> contained) {
        if (ref.getReference() == null || !ref.getReference().startsWith("#")) {
            return null;
        }
        var id = ref.getReference().substring(1);
        for (var r : contained) {
            if (!id.equals(r.getIdPart()) && !("#" + id).equals(r.getId())) {
                continue;
            }
            var author = new Author();
            if (r instanceof Practitioner p && p.hasName()) {
                var n = p.getNameFirstRep();
                author.setAuthorPerson(new Person(null, new XcnName(n.getFamily(),
                        n.hasGiven() ? n.getGiven().get(0).getValue() : null, null, null, null, null)));
                return author;
            }
            if (r instanceof Organization o && o.hasName()) {
                var org = new org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization(o.getName());
                if (o.hasIdentifier()) {
                    org.setIdNumber(oid(o.getIdentifierFirstRep().getValue()));
                }
                author.getAuthorInstitution().add(org);
                return author;
            }
        }
        return null;
    }

    // ---- identifiers and times --------------------------------------------------------------------------------

    static String logicalId(String entryUuid) {
        return entryUuid.startsWith("urn:uuid:") ? entryUuid.substring("urn:uuid:".length()) : entryUuid;
    }

    public static String uuidUrn(String idOrUrn) {
        return idOrUrn.startsWith("urn:uuid:") ? idOrUrn : "urn:uuid:" + idOrUrn;
    }

    static String oidUrn(String oid) {
        return oid == null ? null : oid.startsWith("urn:") ? oid : "urn:oid:" + oid;
    }

    static String oid(String urn) {
        return urn.startsWith("urn:oid:") ? urn.substring("urn:oid:".length()) : urn;
    }

    static String usualIdentifier(ListResource l) {
        for (var id : l.getIdentifier()) {
            if (id.getUse() == org.hl7.fhir.r4.model.Identifier.IdentifierUse.USUAL) {
                return id.getValue();
            }
        }
        return null;
    }

    /** An XDS patient id (CX value and assigning authority OID) as a FHIR identifier. */
    public static org.hl7.fhir.r4.model.Identifier identifier(Identifiable id) {
        var authority = id.getAssigningAuthority();
        return new org.hl7.fhir.r4.model.Identifier()
                .setSystem(authority == null ? null : "urn:oid:" + authority.getUniversalId()).setValue(id.getId());
    }

    static Identifiable identifiable(org.hl7.fhir.r4.model.Identifier id) {
        var system = id.getSystem() == null ? "" : id.getSystem();
        return new Identifiable(id.getValue(), new AssigningAuthority(oid(system), "ISO"));
    }

    private static final Map<Timestamp.Precision, TemporalPrecisionEnum> PRECISION = Map.of(
            Timestamp.Precision.YEAR, TemporalPrecisionEnum.YEAR, Timestamp.Precision.MONTH, TemporalPrecisionEnum.MONTH,
            Timestamp.Precision.DAY, TemporalPrecisionEnum.DAY, Timestamp.Precision.HOUR, TemporalPrecisionEnum.MINUTE,
            Timestamp.Precision.MINUTE, TemporalPrecisionEnum.MINUTE, Timestamp.Precision.SECOND, TemporalPrecisionEnum.SECOND);

    /** An XDS time (UTC, ITI TF-3 4.2.3.1.5) as a FHIR dateTime of the same precision. */
    static DateTimeType dateTime(Timestamp t) {
        var dt = new DateTimeType(Date.from(t.getDateTime().toInstant()), PRECISION.get(t.getPrecision()),
                java.util.TimeZone.getTimeZone("UTC"));
        dt.setTimeZoneZulu(true);
        return dt;
    }

    static Timestamp timestamp(org.hl7.fhir.r4.model.BaseDateTimeType t) {
        var zoned = ZonedDateTime.ofInstant(t.getValue().toInstant(), ZoneOffset.UTC);
        var precision = switch (t.getPrecision()) {
            case YEAR -> Timestamp.Precision.YEAR;
            case MONTH -> Timestamp.Precision.MONTH;
            case DAY -> Timestamp.Precision.DAY;
            case MINUTE -> Timestamp.Precision.MINUTE;
            default -> Timestamp.Precision.SECOND;
        };
        // a date without time is the day the sender meant, not its UTC instant
        if (precision.ordinal() <= Timestamp.Precision.DAY.ordinal()) {
            zoned = t.getValueAsCalendar().toZonedDateTime().toLocalDate().atStartOfDay(ZoneOffset.UTC);
        }
        return new Timestamp(zoned, precision);
    }

    private static byte[] hexToBytes(String hex) {
        var out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static String bytesToHex(byte[] bytes) {
        var sb = new StringBuilder(bytes.length * 2);
        for (var b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    static String required(String value, String element) {
        if (value == null || value.isBlank()) {
            throw unprocessable(element + " is required");
        }
        return value;
    }

    private static Code requiredCode(Code code, String element) {
        if (code == null) {
            throw unprocessable(element + " is required (a coded XDS attribute)");
        }
        return code;
    }

    static UnprocessableEntityException unprocessable(String message) {
        return new UnprocessableEntityException(message);
    }

    static Extension extension(Resource r, String url) {
        return r instanceof org.hl7.fhir.r4.model.DomainResource dr ? dr.getExtensionByUrl(url) : null;
    }

    static boolean hasProfile(Resource r, String profile) {
        return r.getMeta().getProfile().stream().map(CanonicalType::getValue).anyMatch(profile::equals);
    }
}
