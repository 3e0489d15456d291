package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.*;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.qiao.registry.StoredQueryFilter.Attribute;
import org.qiao.registry.StoredQueryFilter.ListAttribute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers one ITI-18 stored query: IPF's query model calls the visit method of its type (ITI TF-2a
 * 3.18.4.1.2.3.7.x names each), which selects the objects and associations the query asks for. One visitor
 * per request; {@link StoredQueryService} shapes what it found.
 */
final class StoredQueryVisitor implements Query.Visitor {

    /** What a query found, before it is shaped by the return type. */
    static final class Result {
        final Map<String, XDSMetaClass> objects = new LinkedHashMap<>();
        final Map<String, Association> associations = new LinkedHashMap<>();
        /** Whether the answer must be about one patient (XDSResultNotSinglePatient): queries by id. */
        final boolean singlePatient;

        Result(boolean singlePatient) {
            this.singlePatient = singlePatient;
        }

        void add(Collection<? extends XDSMetaClass> found) {
            found.forEach(o -> objects.put(o.getEntryUuid(), o));
        }

        void addAssociations(Collection<Association> found) {
            found.forEach(a -> associations.put(a.getEntryUuid(), a));
        }
    }

    private final RegistryStore store;
    private Result result;

    StoredQueryVisitor(RegistryStore store) {
        this.store = store;
    }

    /** What the visited query found. */
    Result result() {
        return result;
    }

    /** 3.18.4.1.2.3.7.1 */
    @Override
    public void visit(FindDocumentsQuery q) {
        result = found(findDocumentsFilter(q));
    }

    /** 3.18.4.1.2.3.7.14: FindDocuments with referenceIdList; each inner list ORs, the lists AND. */
    @Override
    public void visit(FindDocumentsByReferenceIdQuery q) {
        var f = findDocumentsFilter(q);
        if (q.getTypedReferenceIds() != null) {
            for (var inner : q.getTypedReferenceIds().getOuterList()) {
                f.values(ListAttribute.REFERENCE_ID, inner.stream().map(Hl7v2Based::render).toList());
            }
        } else if (q.getReferenceIds() != null) {
            for (var inner : q.getReferenceIds().getOuterList()) {
                f.values(ListAttribute.REFERENCE_ID, inner);
            }
        }
        result = found(f);
    }

    /**
     * Not an ITI-18 query (IPF's ITI-18 validation refuses it), but IPF models it as a FindDocuments with a
     * title: answered as FindDocuments, the title unused.
     */
    @Override
    public void visit(FindDocumentsByTitleQuery q) {
        visit((FindDocumentsQuery) q);
    }

    private static StoredQueryFilter findDocumentsFilter(FindDocumentsQuery q) {
        return new StoredQueryFilter(RegistryStore.DOCUMENT_ENTRY).patient(q.getPatientId()).status(q.getStatus())
                .entryTypes(q.getDocumentEntryTypes())
                .codes(Attribute.CLASS_CODE, q.getClassCodes())
                .codes(Attribute.TYPE_CODE, q.getTypeCodes())
                .codes(Attribute.PRACTICE_SETTING_CODE, q.getPracticeSettingCodes())
                .codes(Attribute.HEALTHCARE_FACILITY_TYPE_CODE, q.getHealthcareFacilityTypeCodes())
                .codes(Attribute.FORMAT_CODE, q.getFormatCodes())
                .codes(ListAttribute.EVENT_CODE, q.getEventCodes())
                .codes(ListAttribute.CONFIDENTIALITY_CODE, q.getConfidentialityCodes())
                .time(Attribute.CREATION_TIME, q.getCreationTime())
                .time(Attribute.SERVICE_START_TIME, q.getServiceStartTime())
                .time(Attribute.SERVICE_STOP_TIME, q.getServiceStopTime())
                .authors(q.getAuthorPersons());
    }

    /** 3.18.4.1.2.3.7.2 */
    @Override
    public void visit(FindSubmissionSetsQuery q) {
        result = found(new StoredQueryFilter(RegistryStore.SUBMISSION_SET).patient(q.getPatientId()).status(q.getStatus())
                .values(Attribute.SOURCE_ID, q.getSourceIds())
                .codes(Attribute.CONTENT_TYPE_CODE, q.getContentTypeCodes())
                .time(Attribute.SUBMISSION_TIME, q.getSubmissionTime())
                .authors(q.getAuthorPerson() == null ? null : List.of(q.getAuthorPerson())));
    }

    /** 3.18.4.1.2.3.7.3 */
    @Override
    public void visit(FindFoldersQuery q) {
        result = found(new StoredQueryFilter(RegistryStore.FOLDER).patient(q.getPatientId()).status(q.getStatus())
                .time(Attribute.LAST_UPDATE_TIME, q.getLastUpdateTime())
                .codes(ListAttribute.FOLDER_CODE, q.getCodes()));
    }

    private Result found(StoredQueryFilter filter) {
        var r = new Result(false);
        r.add(store.find(filter));
        return r;
    }

    /** 3.18.4.1.2.3.7.4: the patient's documents, submission sets and folders, and the associations among them. */
    @Override
    public void visit(GetAllQuery q) {
        var r = new Result(false);
        r.add(store.find(new StoredQueryFilter(RegistryStore.DOCUMENT_ENTRY).patient(q.getPatientId())
                .status(q.getStatusDocuments()).entryTypes(q.getDocumentEntryTypes())
                .codes(Attribute.FORMAT_CODE, q.getFormatCodes())
                .codes(ListAttribute.CONFIDENTIALITY_CODE, q.getConfidentialityCodes())));
        r.add(store.find(new StoredQueryFilter(RegistryStore.SUBMISSION_SET).patient(q.getPatientId())
                .status(q.getStatusSubmissionSets())));
        r.add(store.find(new StoredQueryFilter(RegistryStore.FOLDER).patient(q.getPatientId())
                .status(q.getStatusFolders())));
        var ids = r.objects.keySet();
        r.addAssociations(store.associations(ids, null).stream()
                .filter(a -> ids.contains(a.getTargetUuid()) && statusOk(a, q.getAssociationStatuses())).toList());
        result = r;
    }

    /** 3.18.4.1.2.3.7.5 */
    @Override
    public void visit(GetDocumentsQuery q) {
        result = byId(q, RegistryStore.DOCUMENT_ENTRY, q.getLogicalUuid());
    }

    /** 3.18.4.1.2.3.7.6 */
    @Override
    public void visit(GetFoldersQuery q) {
        result = byId(q, RegistryStore.FOLDER, q.getLogicalUuid());
    }

    /** 3.18.4.1.2.3.7.8: GetDocuments with the associations at either end of each document. */
    @Override
    public void visit(GetDocumentsAndAssociationsQuery q) {
        var r = byId(q, RegistryStore.DOCUMENT_ENTRY, null);
        r.addAssociations(store.associationsTouching(r.objects.keySet()).stream()
                .filter(a -> statusOk(a, q.getAssociationStatuses())).toList());
        result = r;
    }

    /** By entryUUID, uniqueId or (GetDocuments, GetFolders) logicalID. */
    private Result byId(GetByIdQuery q, String type, List<String> logicalUuids) {
        var r = new Result(true);
        var found = new ArrayList<XDSMetaClass>();
        if (q.getUuids() != null && !q.getUuids().isEmpty()) {
            found.addAll(ofType(store.objects(q.getUuids()), type));
        }
        if (q.getUniqueIds() != null && !q.getUniqueIds().isEmpty()) {
            found.addAll(store.objectsByUniqueId(q.getUniqueIds(), type));
        }
        if (logicalUuids != null && !logicalUuids.isEmpty()) {
            found.addAll(ofType(store.objectsByLogicalId(logicalUuids), type));
        }
        r.add(found);
        return r;
    }

    /** 3.18.4.1.2.3.7.7 */
    @Override
    public void visit(GetAssociationsQuery q) {
        result = new Result(false);
        result.addAssociations(store.associationsTouching(q.getUuids()).stream()
                .filter(a -> statusOk(a, q.getAssociationStatuses())).toList());
    }

    /** 3.18.4.1.2.3.7.9: the submission sets that registered the given objects, with those HasMember associations. */
    @Override
    public void visit(GetSubmissionSetsQuery q) {
        var r = new Result(true);
        var links = store.associations(null, q.getUuids()).stream()
                .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER).toList();
        var sets = ofType(store.objects(links.stream().map(Association::getSourceUuid).toList()),
                RegistryStore.SUBMISSION_SET);
        var setIds = new HashSet<String>();
        sets.forEach(s -> setIds.add(s.getEntryUuid()));
        r.add(sets);
        r.addAssociations(links.stream().filter(a -> setIds.contains(a.getSourceUuid())).toList());
        result = r;
    }

    /** 3.18.4.1.2.3.7.10 */
    @Override
    public void visit(GetSubmissionSetAndContentsQuery q) {
        result = contents(one(q.getUuid(), q.getUniqueId(), RegistryStore.SUBMISSION_SET), q, null);
    }

    /**
     * 3.18.4.1.2.3.7.11. At $MetadataLevel 2 a folder asked for by uniqueId comes with all its versions, each
     * with its members; otherwise only the newest version.
     */
    @Override
    public void visit(GetFolderAndContentsQuery q) {
        if (q.getUniqueId() == null) {
            result = contents(one(q.getUuid(), null, RegistryStore.FOLDER), q, q.getAssociationStatuses());
            return;
        }
        var versions = store.objectsByUniqueId(List.of(q.getUniqueId()), RegistryStore.FOLDER);
        if (versions.isEmpty()) {
            result = contents(null, q, q.getAssociationStatuses());
            return;
        }
        var newest = versions.stream().max(Comparator.comparingInt(
                (XDSMetaClass v) -> Integer.parseInt(v.getVersion().getVersionName()))).orElseThrow();
        if (q.getMetadataLevel() == null || q.getMetadataLevel() < 2) {
            result = contents(newest, q, q.getAssociationStatuses());
            return;
        }
        result = new Result(true);
        for (var v : versions) {
            var part = contents(v, q, q.getAssociationStatuses());
            result.add(part.objects.values());
            result.addAssociations(part.associations.values());
        }
    }

    /**
     * A submission set or folder with its members: documents (filtered by format and confidentiality
     * codes and entry type), folders (for a submission set), and the HasMember associations between them.
     */
    private Result contents(XDSMetaClass container, GetByIdAndCodesQuery q, List<AvailabilityStatus> associationStatuses) {
        var r = new Result(true);
        if (container == null) {
            return r;
        }
        r.add(List.of(container));
        var members = hasMember(List.of(container.getEntryUuid()), null, associationStatuses);
        var memberIds = members.stream().map(Association::getTargetUuid).toList();
        r.add(store.find(new StoredQueryFilter(RegistryStore.DOCUMENT_ENTRY).entryUuids(memberIds)
                .entryTypes(q.getDocumentEntryTypes())
                .codes(Attribute.FORMAT_CODE, q.getFormatCodes())
                .codes(ListAttribute.CONFIDENTIALITY_CODE, q.getConfidentialityCodes())));
        if (container instanceof SubmissionSet) {
            r.add(ofType(store.objects(memberIds), RegistryStore.FOLDER));
        }
        var included = new HashSet<>(r.objects.keySet());
        r.addAssociations(members.stream().filter(a -> included.contains(a.getTargetUuid())).toList());
        if (container instanceof SubmissionSet) {
            // folder memberships submitted with this set: SS HasMember (Folder HasMember Doc)
            var nested = store.associationsByUuid(new HashSet<>(memberIds));
            for (var a : nested) {
                if (included.contains(a.getSourceUuid()) && included.contains(a.getTargetUuid())) {
                    r.addAssociations(List.of(a));
                    members.stream().filter(m -> m.getTargetUuid().equals(a.getEntryUuid()))
                            .forEach(m -> r.addAssociations(List.of(m)));
                }
            }
        }
        return r;
    }

    /** 3.18.4.1.2.3.7.12: the folders the document is a member of. */
    @Override
    public void visit(GetFoldersForDocumentQuery q) {
        result = new Result(true);
        var doc = one(q.getUuid(), q.getUniqueId(), RegistryStore.DOCUMENT_ENTRY);
        if (doc != null) {
            var links = hasMember(null, List.of(doc.getEntryUuid()), q.getAssociationStatuses());
            result.add(ofType(store.objects(links.stream().map(Association::getSourceUuid).toList()),
                    RegistryStore.FOLDER));
        }
    }

    /**
     * The associations that relate one document to another (ITI TF-3 4.2.2.2 document relationships: APND,
     * RPLC, XFRM, XFRM_RPLC, signs), the only ones GetRelatedDocuments considers (ITI TF-2a
     * 3.18.4.1.2.3.7.13). HasMember is membership in a folder or submission set, not a relationship, even when
     * $AssociationTypes names it.
     */
    private static final Set<AssociationType> RELATIONSHIPS = EnumSet.of(AssociationType.APPEND,
            AssociationType.REPLACE, AssociationType.TRANSFORM, AssociationType.TRANSFORM_AND_REPLACE,
            AssociationType.SIGNS);

    /**
     * 3.18.4.1.2.3.7.13: the documents related to the given one by the relationship associations
     * $AssociationTypes selects (the document at either end), those associations, and the given document.
     * A document without related documents gives an empty answer, not itself alone.
     * $XDSDocumentEntryType filters the related documents (stable ones when absent, as in the other queries
     * that have it); an association whose other end is not returned is not returned either.
     */
    @Override
    public void visit(GetRelatedDocumentsQuery q) {
        result = new Result(true);
        var doc = one(q.getUuid(), q.getUniqueId(), RegistryStore.DOCUMENT_ENTRY);
        var types = EnumSet.noneOf(AssociationType.class);
        if (q.getAssociationTypes() != null) {
            types.addAll(q.getAssociationTypes());
        }
        types.retainAll(RELATIONSHIPS);
        if (doc == null || types.isEmpty()) {
            return;
        }
        var id = doc.getEntryUuid();
        var links = store.associationsOfTypes(id, types).stream()
                .filter(a -> statusOk(a, q.getAssociationStatuses())).toList();
        var others = new LinkedHashSet<String>();
        links.forEach(a -> others.add(otherEnd(a, id)));
        others.remove(id);
        var related = store.find(new StoredQueryFilter(RegistryStore.DOCUMENT_ENTRY).entryUuids(others)
                .entryTypes(q.getDocumentEntryTypes()));
        if (related.isEmpty()) {
            return;
        }
        var relatedIds = new HashSet<String>();
        related.forEach(d -> relatedIds.add(d.getEntryUuid()));
        result.add(List.of(doc));
        result.add(related);
        result.addAssociations(links.stream().filter(a -> relatedIds.contains(otherEnd(a, id))).toList());
    }

    private static String otherEnd(Association a, String uuid) {
        return a.getSourceUuid().equals(uuid) ? a.getTargetUuid() : a.getSourceUuid();
    }

    // Queries of other transactions: IPF's ITI-18 validation lets only the fourteen queries above through; were
    // one of these to arrive, the registry says it does not know it.

    // ITI-51 Multi-Patient Stored Query
    @Override public void visit(FindDocumentsForMultiplePatientsQuery q) { throw unsupported(q); }
    @Override public void visit(FindFoldersForMultiplePatientsQuery q) { throw unsupported(q); }
    @Override public void visit(FindDocumentsByReferenceIdForMultiplePatientsQuery q) { throw unsupported(q); }

    // ITI-63 Cross-Community Fetch
    @Override public void visit(FetchQuery q) { throw unsupported(q); }

    // CMPD Query Pharmacy Documents (PHARM-1): prescriptions
    @Override public void visit(FindPrescriptionsQuery q) { throw unsupported(q); }
    @Override public void visit(FindPrescriptionsForValidationQuery q) { throw unsupported(q); }
    @Override public void visit(FindPrescriptionsForDispenseQuery q) { throw unsupported(q); }

    // PHARM-1: treatment plans, dispenses, administrations, the medication list
    @Override public void visit(FindMedicationTreatmentPlansQuery q) { throw unsupported(q); }
    @Override public void visit(FindDispensesQuery q) { throw unsupported(q); }
    @Override public void visit(FindMedicationAdministrationsQuery q) { throw unsupported(q); }
    @Override public void visit(FindMedicationListQuery q) { throw unsupported(q); }

    // DSUB Subscribe (ITI-52) filters: document entries and folders
    @Override public void visit(SubscriptionForDocumentEntryQuery q) { throw unsupported(q); }
    @Override public void visit(SubscriptionForPatientIndependentDocumentEntryQuery q) { throw unsupported(q); }
    @Override public void visit(SubscriptionForFolderQuery q) { throw unsupported(q); }

    // ITI-52 filters: submission sets
    @Override public void visit(SubscriptionForSubmissionSetQuery q) { throw unsupported(q); }
    @Override public void visit(SubscriptionForPatientIndependentSubmissionSetQuery q) { throw unsupported(q); }

    private static RegistryException unsupported(Query q) {
        return new RegistryException(ErrorCode.UNKNOWN_STORED_QUERY,
                "Stored query " + q.getType() + " is not supported by this registry");
    }

    // ---- helpers

    /** HasMember associations from the sources and/or to the targets (null = any), of the asked statuses. */
    private List<Association> hasMember(Collection<String> sources, Collection<String> targets,
                                        List<AvailabilityStatus> statuses) {
        return store.associations(sources, targets).stream()
                .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER && statusOk(a, statuses))
                .toList();
    }

    /** The object of the given type by entryUUID, else by uniqueId; null if there is none. */
    private XDSMetaClass one(String uuid, String uniqueId, String type) {
        List<XDSMetaClass> found = uuid != null ? store.objects(List.of(uuid))
                : store.objectsByUniqueId(List.of(uniqueId), type);
        return found.stream().filter(o -> typeOf(o).equals(type)).findFirst().orElse(null);
    }

    private static List<XDSMetaClass> ofType(List<XDSMetaClass> objects, String type) {
        return objects.stream().filter(o -> typeOf(o).equals(type)).toList();
    }

    /** $AssociationStatus defaults to Approved: deprecated associations are history, not answers. */
    private static boolean statusOk(Association a, List<AvailabilityStatus> statuses) {
        return statuses == null || statuses.isEmpty() ? a.getAvailabilityStatus() == AvailabilityStatus.APPROVED
                : statuses.contains(a.getAvailabilityStatus());
    }

    private static String typeOf(XDSMetaClass o) {
        return o instanceof DocumentEntry ? RegistryStore.DOCUMENT_ENTRY
                : o instanceof Folder ? RegistryStore.FOLDER : RegistryStore.SUBMISSION_SET;
    }
}
