package org.qiao.registry;

import org.qiao.stats.Measure;
import org.qiao.stats.Tally;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * ITI-42 Register Document Set-b, applied inside the caller's transaction (any exception rolls it all back).
 *
 * <ol>
 *   <li>(before all) coded values must be in the affinity domain's code list, when one is configured;</li>
 *   <li>the submission set's patient id must be an affinity-domain id the PIX Manager knows, and every
 *       document entry and folder must carry the same one;</li>
 *   <li>uniqueIds are unique in the message; a document uniqueId already registered must come with the same
 *       hash (else XDSNonIdenticalHash); submission set and folder uniqueIds must be new;</li>
 *   <li>symbolic ids become fresh urn:uuid ids and every reference to them is rewritten; pre-assigned
 *       UUIDs must not exist yet;</li>
 *   <li>association ends must be in the message or in the registry (UnresolvedReferenceException);
 *       document relationships (RPLC, APND, XFRM, XFRM_RPLC, signs) target an approved document of the same
 *       patient, and RPLC / XFRM_RPLC deprecate it; a HasMember from a folder updates its lastUpdateTime;</li>
 *   <li>everything is stored as Approved.</li>
 * </ol>
 */
class RegisterDocumentSetService {

    private static final Set<AssociationType> REPLACING = Set.of(AssociationType.REPLACE,
            AssociationType.TRANSFORM_AND_REPLACE);
    private static final Set<AssociationType> RELATIONSHIPS = Set.of(AssociationType.REPLACE,
            AssociationType.TRANSFORM_AND_REPLACE, AssociationType.APPEND, AssociationType.TRANSFORM,
            AssociationType.SIGNS);

    private final RegistryStore store;
    private final PatientIdentityCheck patients;
    private final AffinityDomainCodes codes;
    private final Tally tally;

    RegisterDocumentSetService(RegistryStore store, PatientIdentityCheck patients, AffinityDomainCodes codes,
                               Tally tally) {
        this.tally = tally;
        this.store = store;
        this.patients = patients;
        this.codes = codes;
    }

    void register(RegisterDocumentSet request) {
        register(request, List.of());
    }

    /**
     * Registers the request together with new versions of existing objects (ITI-57) that the caller has
     * already checked, numbered and given their status.
     */
    void register(RegisterDocumentSet request, List<XDSMetaClass> newVersions) {
        var ss = request.getSubmissionSet();
        var patient = ss.getPatientId();
        if (patient == null || !patients.isKnown(patient)) {
            throw new RegistryException(ErrorCode.UNKNOWN_PATIENT_ID,
                    "Patient id " + RegistryStore.patient(patient) + " is not known in the affinity domain");
        }
        var all = new ArrayList<XDSMetaClass>();
        all.addAll(request.getDocumentEntries());
        all.addAll(request.getFolders());
        all.addAll(newVersions);
        for (var o : all) {
            if (!patient.equals(o.getPatientId())) {
                throw new RegistryException(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, "Patient id of "
                        + o.getEntryUuid() + " differs from the submission set's", o.getEntryUuid());
            }
        }
        if (codes != null) {
            codes.check(ss);
            request.getDocumentEntries().forEach(codes::check);
            request.getFolders().forEach(codes::check);
        }
        checkUniqueIds(request);
        assignUuids(request);

        var inMessage = new HashMap<String, XDSMetaClass>();
        inMessage.put(ss.getEntryUuid(), ss);
        all.forEach(o -> inMessage.put(o.getEntryUuid(), o));
        newVersions.forEach(o -> inMessage.put(o.getEntryUuid(), o));
        var associationIds = new HashSet<String>();
        request.getAssociations().forEach(a -> associationIds.add(a.getEntryUuid()));

        var now = Timestamp.now();
        var deprecate = new ArrayList<String>();
        var touchedFolders = new HashSet<String>();
        for (var a : request.getAssociations()) {
            checkEnd(a.getSourceUuid(), inMessage, associationIds, a);
            checkEnd(a.getTargetUuid(), inMessage, associationIds, a);
            if (a.getAssociationType() != AssociationType.HAS_MEMBER && !RELATIONSHIPS.contains(a.getAssociationType())) {
                continue;
            }
            // existing objects that are deprecated take no new associations (ITI TF-2b 3.57.4.1.3.3.6); the
            // target of a document relationship is checked below, with its own error code
            for (var end : List.of(a.getSourceUuid(), a.getTargetUuid())) {
                if (RELATIONSHIPS.contains(a.getAssociationType()) && end.equals(a.getTargetUuid())) {
                    continue;
                }
                var existing = inMessage.containsKey(end) ? null : objectOf(end, inMessage);
                if (existing != null && existing.getAvailabilityStatus() == AvailabilityStatus.DEPRECATED) {
                    throw new RegistryException(ErrorCode.METADATA_UPDATE_ERROR, "Association " + a.getEntryUuid()
                            + " refers to the deprecated object " + end, a.getEntryUuid());
                }
            }
            if (RELATIONSHIPS.contains(a.getAssociationType())) {
                var target = inMessage.containsKey(a.getTargetUuid()) ? inMessage.get(a.getTargetUuid())
                        : store.objects(List.of(a.getTargetUuid())).stream().findFirst().orElse(null);
                if (!(target instanceof DocumentEntry)) {
                    throw new RegistryException(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                            a.getAssociationType() + " target " + a.getTargetUuid() + " is not a document entry",
                            a.getEntryUuid());
                }
                if (target.getAvailabilityStatus() != AvailabilityStatus.APPROVED && !inMessage.containsKey(target.getEntryUuid())) {
                    throw new RegistryException(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR,
                            a.getAssociationType() + " target " + a.getTargetUuid() + " is not approved",
                            a.getEntryUuid());
                }
                if (!patient.equals(target.getPatientId())) {
                    throw new RegistryException(ErrorCode.PATIENT_ID_DOES_NOT_MATCH,
                            "The document " + a.getTargetUuid() + " belongs to another patient", a.getEntryUuid());
                }
                if (REPLACING.contains(a.getAssociationType())) {
                    deprecate.add(a.getTargetUuid());
                }
            }
            if (a.getAssociationType() == AssociationType.HAS_MEMBER && isFolder(a.getSourceUuid(), inMessage)) {
                var folder = objectOf(a.getSourceUuid(), inMessage);
                var member = objectOf(a.getTargetUuid(), inMessage);
                if (member != null && (!patient.equals(folder.getPatientId()) || !patient.equals(member.getPatientId()))) {
                    throw new RegistryException(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, "Folder " + a.getSourceUuid()
                            + " and document " + a.getTargetUuid() + " must belong to the submission's patient",
                            a.getEntryUuid());
                }
                for (var end : List.of(folder, member == null ? folder : member)) {
                    if (!inMessage.containsKey(end.getEntryUuid()) && end.getAvailabilityStatus() != AvailabilityStatus.APPROVED) {
                        throw new RegistryException(ErrorCode.METADATA_UPDATE_ERROR, "Association " + a.getEntryUuid()
                                + " refers to " + end.getEntryUuid() + ", which is not approved", a.getEntryUuid());
                    }
                }
                if (!inMessage.containsKey(a.getSourceUuid()) && !inMessage.containsKey(a.getTargetUuid())
                        && store.associations(List.of(a.getSourceUuid()), List.of(a.getTargetUuid())).stream()
                        .anyMatch(x -> x.getAssociationType() == AssociationType.HAS_MEMBER
                                && x.getAvailabilityStatus() == AvailabilityStatus.APPROVED)) {
                    throw new RegistryException(ErrorCode.METADATA_UPDATE_ERROR, "Document " + a.getTargetUuid()
                            + " is already a member of folder " + a.getSourceUuid(), a.getEntryUuid());
                }
                if (!inMessage.containsKey(a.getSourceUuid())) {
                    touchedFolders.add(a.getSourceUuid());
                }
            }
        }

        ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        store.insert(ss);
        for (var d : request.getDocumentEntries()) {
            d.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            store.insert(d);
            // counted by its creation day, its author institution (else the submitting source) and its type
            var hospital = RegistryStore.authorInstitution(d);
            var created = d.getCreationTime() == null ? java.time.LocalDate.now()
                    : d.getCreationTime().getDateTime().withZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDate();
            tally.count(Measure.DOCUMENTS, created,
                    hospital != null ? hospital : ss.getSourceId(), RegistryStore.display(d.getTypeCode()));
        }
        for (var f : request.getFolders()) {
            f.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            f.setLastUpdateTime(now);
            store.insert(f);
        }
        for (var o : newVersions) {
            if (o instanceof DocumentEntry d) {
                store.insert(d);
            } else if (o instanceof Folder f) {
                store.insert(f);
            }
        }
        for (var a : request.getAssociations()) {
            a.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            store.insert(a);
        }
        for (var a : request.getAssociations()) {
            if (REPLACING.contains(a.getAssociationType())) {
                replace(a.getTargetUuid(), a.getSourceUuid(), now, touchedFolders);
            }
        }
        for (var uuid : deprecate) {
            store.updateStatus(uuid, AvailabilityStatus.DEPRECATED);
        }
        for (var uuid : touchedFolders) {
            store.touchFolder(uuid, now);
        }
    }

    /**
     * A replaced document takes its addenda and transformations with it (they become deprecated too), and
     * its replacement joins every folder the original was in (ITI TF-2b 4.2.2.2.2).
     */
    private void replace(String original, String replacement, Timestamp now, Set<String> touchedFolders) {
        for (var child : store.associations(null, List.of(original))) {
            if ((child.getAssociationType() == AssociationType.APPEND || child.getAssociationType() == AssociationType.TRANSFORM)
                    && child.getAvailabilityStatus() == AvailabilityStatus.APPROVED) {
                store.updateStatus(child.getSourceUuid(), AvailabilityStatus.DEPRECATED);
            }
            if (child.getAssociationType() == AssociationType.HAS_MEMBER
                    && child.getAvailabilityStatus() == AvailabilityStatus.APPROVED
                    && store.objects(List.of(child.getSourceUuid())).stream().anyMatch(o -> o instanceof Folder)) {
                var membership = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                        child.getSourceUuid(), replacement);
                membership.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                store.insert(membership);
                touchedFolders.add(child.getSourceUuid());
            }
        }
    }

    private boolean isFolder(String uuid, Map<String, XDSMetaClass> inMessage) {
        return objectOf(uuid, inMessage) instanceof Folder;
    }

    private XDSMetaClass objectOf(String uuid, Map<String, XDSMetaClass> inMessage) {
        return inMessage.containsKey(uuid) ? inMessage.get(uuid)
                : store.objects(List.of(uuid)).stream().findFirst().orElse(null);
    }

    private void checkEnd(String uuid, Map<String, XDSMetaClass> inMessage, Set<String> associations, Association a) {
        if (uuid == null || (!inMessage.containsKey(uuid) && !associations.contains(uuid) && !store.exists(uuid))) {
            throw new RegistryException(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                    "Association " + a.getEntryUuid() + " refers to " + uuid + ", which is neither in the submission"
                            + " nor in the registry", a.getEntryUuid());
        }
    }

    private void checkUniqueIds(RegisterDocumentSet request) {
        var seen = new HashSet<String>();
        var all = new ArrayList<XDSMetaClass>();
        all.add(request.getSubmissionSet());
        all.addAll(request.getDocumentEntries());
        all.addAll(request.getFolders());
        for (var o : all) {
            if (!seen.add(o.getUniqueId())) {
                throw new RegistryException(ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE,
                        "uniqueId " + o.getUniqueId() + " appears twice in the submission", o.getEntryUuid());
            }
        }
        for (var d : request.getDocumentEntries()) {
            for (var existing : store.objectsByUniqueId(List.of(d.getUniqueId()), RegistryStore.DOCUMENT_ENTRY)) {
                var hash = ((DocumentEntry) existing).getHash();
                if (hash == null || !hash.equalsIgnoreCase(d.getHash())) {
                    throw new RegistryException(ErrorCode.NON_IDENTICAL_HASH, "Document uniqueId " + d.getUniqueId()
                            + " is already registered with a different hash", d.getEntryUuid());
                }
            }
        }
        for (var o : List.<XDSMetaClass>copyOf(request.getFolders())) {
            if (!store.objectsByUniqueId(List.of(o.getUniqueId()), RegistryStore.FOLDER).isEmpty()) {
                throw new RegistryException(ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE,
                        "Folder uniqueId " + o.getUniqueId() + " is already registered", o.getEntryUuid());
            }
        }
        var ss = request.getSubmissionSet();
        if (!store.objectsByUniqueId(List.of(ss.getUniqueId()), RegistryStore.SUBMISSION_SET).isEmpty()) {
            throw new RegistryException(ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE,
                    "Submission set uniqueId " + ss.getUniqueId() + " is already registered", ss.getEntryUuid());
        }
    }

    /** Symbolic ids become urn:uuid ids; every reference to them follows. */
    private void assignUuids(RegisterDocumentSet request) {
        var renamed = new HashMap<String, String>();
        var all = new ArrayList<XDSMetaClass>();
        all.add(request.getSubmissionSet());
        all.addAll(request.getDocumentEntries());
        all.addAll(request.getFolders());
        for (var o : all) {
            o.setEntryUuid(uuidFor(o.getEntryUuid(), renamed));
            if (o.getLogicalUuid() == null || !o.getLogicalUuid().startsWith("urn:uuid:")) {
                o.setLogicalUuid(o.getEntryUuid());
            }
        }
        for (var a : request.getAssociations()) {
            a.setEntryUuid(uuidFor(a.getEntryUuid(), renamed));
        }
        for (var a : request.getAssociations()) {
            a.setSourceUuid(renamed.getOrDefault(a.getSourceUuid(), a.getSourceUuid()));
            a.setTargetUuid(renamed.getOrDefault(a.getTargetUuid(), a.getTargetUuid()));
        }
    }

    private String uuidFor(String id, Map<String, String> renamed) {
        if (id != null && id.startsWith("urn:uuid:")) {
            if (store.exists(id)) {
                throw new RegistryException(ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE,
                        "The UUID " + id + " is already used in the registry", id);
            }
            return id;
        }
        var uuid = "urn:uuid:" + UUID.randomUUID();
        if (id != null) {
            renamed.put(id, uuid);
        }
        return uuid;
    }
}
