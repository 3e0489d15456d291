package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.*;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ITI-18 Registry Stored Query: every stored query of ITI TF-2a 3.18.4.1.2.3.7. Queries select objects and
 * associations; the result is then cut to ObjectRefs or returned as LeafClass, with
 * XDSResultNotSinglePatient and XDSTooManyResults checked on the way out.
 */
class StoredQueryService {

    private final RegistryStore store;
    private final int maxLeafClassResults;
    private final String homeCommunityId;

    StoredQueryService(RegistryStore store, int maxLeafClassResults, String homeCommunityId) {
        this.store = store;
        this.maxLeafClassResults = maxLeafClassResults;
        this.homeCommunityId = homeCommunityId;
    }

    /** What a query found, before it is shaped by the return type. */
    private static final class Result {
        final Map<String, XDSMetaClass> objects = new LinkedHashMap<>();
        final Map<String, Association> associations = new LinkedHashMap<>();
        boolean singlePatient;

        void add(Collection<? extends XDSMetaClass> found) {
            found.forEach(o -> objects.put(o.getEntryUuid(), o));
        }

        void addAssociations(Collection<Association> found) {
            found.forEach(a -> associations.put(a.getEntryUuid(), a));
        }
    }

    QueryResponse query(QueryRegistry request) {
        var q = request.getQuery();
        Result result;
        // FindDocumentsByReferenceIdQuery extends FindDocumentsQuery: the subclass first
        if (q instanceof FindDocumentsByReferenceIdQuery f) {
            result = findDocumentsByReferenceId(f);
        } else if (q instanceof FindDocumentsQuery f) {
            result = findDocuments(f);
        } else if (q instanceof FindSubmissionSetsQuery f) {
            result = findSubmissionSets(f);
        } else if (q instanceof FindFoldersQuery f) {
            result = findFolders(f);
        } else if (q instanceof GetAllQuery g) {
            result = getAll(g);
        } else if (q instanceof GetDocumentsAndAssociationsQuery g) {
            result = withAssociations(byId(g, RegistryStore.DOCUMENT_ENTRY), g.getAssociationStatuses());
        } else if (q instanceof GetDocumentsQuery g) {
            result = byId(g, RegistryStore.DOCUMENT_ENTRY);
        } else if (q instanceof GetFoldersQuery g) {
            result = byId(g, RegistryStore.FOLDER);
        } else if (q instanceof GetAssociationsQuery g) {
            result = getAssociations(g);
        } else if (q instanceof GetSubmissionSetsQuery g) {
            result = getSubmissionSets(g);
        } else if (q instanceof GetSubmissionSetAndContentsQuery g) {
            result = getSubmissionSetAndContents(g);
        } else if (q instanceof GetFolderAndContentsQuery g) {
            result = getFolderAndContents(g);
        } else if (q instanceof GetFoldersForDocumentQuery g) {
            result = getFoldersForDocument(g);
        } else if (q instanceof GetRelatedDocumentsQuery g) {
            result = getRelatedDocuments(g);
        } else {
            throw new RegistryException(ErrorCode.UNKNOWN_STORED_QUERY,
                    "Stored query " + q.getType() + " is not supported by this registry");
        }
        return shape(result, request.getReturnType());
    }

    private Result findDocuments(FindDocumentsQuery q) {
        var r = new Result();
        var f = findDocumentsFilter(q);
        r.add(store.select(f.where(), f.params));
        return r;
    }

    /** FindDocuments with its referenceIdList parameter; each inner list ORs, the lists AND. */
    private Result findDocumentsByReferenceId(FindDocumentsByReferenceIdQuery q) {
        var f = findDocumentsFilter(q);
        if (q.getTypedReferenceIds() != null) {
            for (var inner : q.getTypedReferenceIds().getOuterList()) {
                f.values("referenceId", inner.stream().map(Hl7v2Based::render).toList());
            }
        } else if (q.getReferenceIds() != null) {
            for (var inner : q.getReferenceIds().getOuterList()) {
                f.values("referenceId", inner);
            }
        }
        var r = new Result();
        r.add(store.select(f.where(), f.params));
        return r;
    }

    private static DocumentQueryFilter findDocumentsFilter(FindDocumentsQuery q) {
        return documentFilter(q, q.getPatientId(), q.getStatus(), q.getDocumentEntryTypes())
                .codes("class_code", q.getClassCodes())
                .codes("type_code", q.getTypeCodes())
                .codes("practice_code", q.getPracticeSettingCodes())
                .codes("facility_code", q.getHealthcareFacilityTypeCodes())
                .codes("format_code", q.getFormatCodes())
                .valueCodes("eventCode", q.getEventCodes())
                .valueCodes("confidentialityCode", q.getConfidentialityCodes())
                .time("creation_time", q.getCreationTime())
                .time("service_start", q.getServiceStartTime())
                .time("service_stop", q.getServiceStopTime())
                .authors(q.getAuthorPersons());
    }

    private static DocumentQueryFilter documentFilter(StoredQuery q, Identifiable patient, List<AvailabilityStatus> status,
                                                      List<org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType> types) {
        return new DocumentQueryFilter(RegistryStore.DOCUMENT_ENTRY).patient(patient).status(status).entryTypes(types);
    }

    private Result findSubmissionSets(FindSubmissionSetsQuery q) {
        var f = new DocumentQueryFilter(RegistryStore.SUBMISSION_SET).patient(q.getPatientId()).status(q.getStatus())
                .in("source_id", q.getSourceIds())
                .codes("content_type_code", q.getContentTypeCodes())
                .time("submission_time", q.getSubmissionTime())
                .authors(q.getAuthorPerson() == null ? null : List.of(q.getAuthorPerson()));
        var r = new Result();
        r.add(store.select(f.where(), f.params));
        return r;
    }

    private Result findFolders(FindFoldersQuery q) {
        var f = new DocumentQueryFilter(RegistryStore.FOLDER).patient(q.getPatientId()).status(q.getStatus())
                .time("last_update_time", q.getLastUpdateTime())
                .valueCodes("folderCode", q.getCodes());
        var r = new Result();
        r.add(store.select(f.where(), f.params));
        return r;
    }

    private Result getAll(GetAllQuery q) {
        var r = new Result();
        var docs = new DocumentQueryFilter(RegistryStore.DOCUMENT_ENTRY).patient(q.getPatientId())
                .status(q.getStatusDocuments()).entryTypes(q.getDocumentEntryTypes())
                .codes("format_code", q.getFormatCodes())
                .valueCodes("confidentialityCode", q.getConfidentialityCodes());
        r.add(store.select(docs.where(), docs.params));
        var sets = new DocumentQueryFilter(RegistryStore.SUBMISSION_SET).patient(q.getPatientId())
                .status(q.getStatusSubmissionSets());
        r.add(store.select(sets.where(), sets.params));
        var folders = new DocumentQueryFilter(RegistryStore.FOLDER).patient(q.getPatientId())
                .status(q.getStatusFolders());
        r.add(store.select(folders.where(), folders.params));
        var ids = r.objects.keySet();
        r.addAssociations(store.associations(ids, null).stream()
                .filter(a -> ids.contains(a.getTargetUuid()) && statusOk(a, q.getAssociationStatuses())).toList());
        return r;
    }

    /** GetDocuments / GetFolders (and the first half of GetDocumentsAndAssociations): by UUID or uniqueId. */
    private Result byId(GetByIdQuery q, String type) {
        var r = new Result();
        r.singlePatient = true;
        var found = new ArrayList<XDSMetaClass>();
        if (q.getUuids() != null && !q.getUuids().isEmpty()) {
            found.addAll(store.objects(q.getUuids()).stream().filter(o -> typeOf(o).equals(type)).toList());
        }
        if (q.getUniqueIds() != null && !q.getUniqueIds().isEmpty()) {
            found.addAll(store.objectsByUniqueId(q.getUniqueIds(), type));
        }
        if (q instanceof GetDocumentsQuery d && d.getLogicalUuid() != null && !d.getLogicalUuid().isEmpty()) {
            found.addAll(store.objectsByLogicalId(d.getLogicalUuid()).stream().filter(o -> typeOf(o).equals(type)).toList());
        }
        if (q instanceof GetFoldersQuery d && d.getLogicalUuid() != null && !d.getLogicalUuid().isEmpty()) {
            found.addAll(store.objectsByLogicalId(d.getLogicalUuid()).stream().filter(o -> typeOf(o).equals(type)).toList());
        }
        r.add(found);
        return r;
    }

    private Result withAssociations(Result r, List<AvailabilityStatus> associationStatuses) {
        var ids = r.objects.keySet();
        r.addAssociations(store.associationsTouching(ids).stream().filter(a -> statusOk(a, associationStatuses)).toList());
        return r;
    }

    private Result getAssociations(GetAssociationsQuery q) {
        var r = new Result();
        r.addAssociations(store.associationsTouching(q.getUuids()).stream()
                .filter(a -> statusOk(a, q.getAssociationStatuses())).toList());
        return r;
    }

    /** The submission sets that registered the given objects, with those HasMember associations. */
    private Result getSubmissionSets(GetSubmissionSetsQuery q) {
        var r = new Result();
        r.singlePatient = true;
        var links = store.associations(null, q.getUuids()).stream()
                .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER).toList();
        var sets = store.objects(links.stream().map(Association::getSourceUuid).toList()).stream()
                .filter(o -> o instanceof SubmissionSet).toList();
        var setIds = new HashSet<String>();
        sets.forEach(s -> setIds.add(s.getEntryUuid()));
        r.add(sets);
        r.addAssociations(links.stream().filter(a -> setIds.contains(a.getSourceUuid())).toList());
        return r;
    }

    private Result getSubmissionSetAndContents(GetSubmissionSetAndContentsQuery q) {
        var set = one(q.getUuid(), q.getUniqueId(), RegistryStore.SUBMISSION_SET);
        return contents(set, q, null);
    }

    /**
     * At $MetadataLevel 2 a folder asked for by uniqueId comes with all its versions, each with its members;
     * otherwise only the newest version.
     */
    private Result getFolderAndContents(GetFolderAndContentsQuery q) {
        if (q.getUniqueId() == null) {
            return contents(one(q.getUuid(), null, RegistryStore.FOLDER), q, q.getAssociationStatuses());
        }
        var versions = store.objectsByUniqueId(List.of(q.getUniqueId()), RegistryStore.FOLDER);
        if (versions.isEmpty()) {
            return contents(null, q, q.getAssociationStatuses());
        }
        var newest = versions.stream().max(java.util.Comparator.comparingInt(
                (XDSMetaClass v) -> Integer.parseInt(v.getVersion().getVersionName()))).orElseThrow();
        if (q.getMetadataLevel() == null || q.getMetadataLevel() < 2) {
            return contents(newest, q, q.getAssociationStatuses());
        }
        var all = new Result();
        all.singlePatient = true;
        for (var v : versions) {
            var part = contents(v, q, q.getAssociationStatuses());
            all.add(part.objects.values());
            all.addAssociations(part.associations.values());
        }
        return all;
    }

    /**
     * A submission set or folder with its members: documents (filtered by format and confidentiality
     * codes and entry type), folders (for a submission set), and the HasMember associations between them.
     */
    private Result contents(XDSMetaClass container, GetByIdAndCodesQuery q, List<AvailabilityStatus> associationStatuses) {
        var r = new Result();
        r.singlePatient = true;
        if (container == null) {
            return r;
        }
        r.add(List.of(container));
        var members = store.associations(List.of(container.getEntryUuid()), null).stream()
                .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER && statusOk(a, associationStatuses))
                .toList();
        var memberIds = members.stream().map(Association::getTargetUuid).toList();
        var docFilter = new DocumentQueryFilter(RegistryStore.DOCUMENT_ENTRY)
                .in("entry_uuid", memberIds.isEmpty() ? List.of("-") : memberIds)
                .entryTypes(q.getDocumentEntryTypes())
                .codes("format_code", q.getFormatCodes())
                .valueCodes("confidentialityCode", q.getConfidentialityCodes());
        var docs = store.select(docFilter.where(), docFilter.params);
        r.add(docs);
        if (container instanceof SubmissionSet) {
            r.add(store.objects(memberIds).stream().filter(o -> o instanceof Folder).toList());
        }
        var included = new HashSet<>(r.objects.keySet());
        r.addAssociations(members.stream().filter(a -> included.contains(a.getTargetUuid())).toList());
        if (container instanceof SubmissionSet) {
            // folder memberships submitted with this set: SS HasMember (Folder HasMember Doc)
            var memberAssociations = new HashSet<>(memberIds);
            var nested = store.associationsByUuid(memberAssociations);
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

    private Result getFoldersForDocument(GetFoldersForDocumentQuery q) {
        var r = new Result();
        r.singlePatient = true;
        var doc = one(q.getUuid(), q.getUniqueId(), RegistryStore.DOCUMENT_ENTRY);
        if (doc == null) {
            return r;
        }
        var links = store.associations(null, List.of(doc.getEntryUuid())).stream()
                .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER && statusOk(a, q.getAssociationStatuses()))
                .toList();
        r.add(store.objects(links.stream().map(Association::getSourceUuid).toList()).stream()
                .filter(o -> o instanceof Folder).toList());
        return r;
    }

    private Result getRelatedDocuments(GetRelatedDocumentsQuery q) {
        var r = new Result();
        r.singlePatient = true;
        var doc = one(q.getUuid(), q.getUniqueId(), RegistryStore.DOCUMENT_ENTRY);
        if (doc == null) {
            return r;
        }
        var types = new HashSet<>(q.getAssociationTypes());
        var id = List.of(doc.getEntryUuid());
        var related = new ArrayList<>(store.associationsTouching(id));
        related.removeIf(a -> !types.contains(a.getAssociationType()) || !statusOk(a, q.getAssociationStatuses()));
        if (related.isEmpty()) {
            return r;
        }
        var others = new LinkedHashSet<String>();
        related.forEach(a -> others.add(a.getSourceUuid().equals(doc.getEntryUuid()) ? a.getTargetUuid() : a.getSourceUuid()));
        r.add(List.of(doc));
        r.add(store.objects(others).stream().filter(o -> o instanceof DocumentEntry).toList());
        r.addAssociations(related);
        return r;
    }

    private XDSMetaClass one(String uuid, String uniqueId, String type) {
        List<XDSMetaClass> found = uuid != null ? store.objects(List.of(uuid))
                : store.objectsByUniqueId(List.of(uniqueId), type);
        return found.stream().filter(o -> typeOf(o).equals(type)).findFirst().orElse(null);
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

    private QueryResponse shape(Result r, QueryReturnType returnType) {
        var leafClass = returnType == QueryReturnType.LEAF_CLASS || returnType == QueryReturnType.LEAF_CLASS_WITH_REPOSITORY_ITEM;
        if (r.singlePatient && leafClass) {
            Set<Identifiable> patients = new HashSet<>();
            r.objects.values().forEach(o -> patients.add(o.getPatientId()));
            if (patients.size() > 1) {
                throw new RegistryException(ErrorCode.RESULT_NOT_SINGLE_PATIENT,
                        "The query result holds objects of " + patients.size() + " patients");
            }
        }
        var response = new QueryResponse(Status.SUCCESS);
        if (leafClass) {
            if (r.objects.size() + r.associations.size() > maxLeafClassResults) {
                throw new RegistryException(ErrorCode.TOO_MANY_RESULTS, "The query found "
                        + (r.objects.size() + r.associations.size()) + " objects; LeafClass answers hold at most "
                        + maxLeafClassResults + ": narrow the query or ask for ObjectRef");
            }
            for (var o : r.objects.values()) {
                if (homeCommunityId != null) {
                    o.setHomeCommunityId(homeCommunityId);
                }
                if (o instanceof DocumentEntry d) {
                    response.getDocumentEntries().add(d);
                } else if (o instanceof Folder f) {
                    response.getFolders().add(f);
                } else if (o instanceof SubmissionSet s) {
                    response.getSubmissionSets().add(s);
                }
            }
            response.getAssociations().addAll(r.associations.values());
        } else {
            r.objects.keySet().forEach(id -> response.getReferences().add(new ObjectReference(id, homeCommunityId)));
            r.associations.keySet().forEach(id -> response.getReferences().add(new ObjectReference(id, homeCommunityId)));
        }
        return response;
    }
}
