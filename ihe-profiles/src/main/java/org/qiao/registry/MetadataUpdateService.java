package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Version;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * ITI-57 Update Document Set (XDS Metadata Update), inside the caller's transaction.
 *
 * <ol>
 *   <li>a document entry or folder whose logicalUUID names an object in the registry is a new version of it:
 *       the submission set's HasMember to it must state PreviousVersion = the newest version
 *       (XDSMetadataVersionError); patient and uniqueId must not change (XDSMetadataUpdateOperationError); the new
 *       version takes the next version number and the prior status, the previous version is deprecated, and
 *       folder memberships follow the new version unless AssociationPropagation is "no";</li>
 *   <li>an UpdateAvailabilityStatus association changes the status of the object or association it targets
 *       (by entryUUID or logicalUUID), provided OriginalStatus is its current status;</li>
 *   <li>everything else in the request (new associations, folder memberships, new folders) is registered as
 *       in ITI-42.</li>
 * </ol>
 */
class MetadataUpdateService {

    private final RegistryStore store;
    private final RegisterDocumentSetService register;

    MetadataUpdateService(RegistryStore store, RegisterDocumentSetService register) {
        this.store = store;
        this.register = register;
    }

    /** Whether anything but the submission sets that registered it refers to the object. */
    private boolean connected(XDSMetaClass o) {
        return store.associationsTouching(List.of(o.getEntryUuid())).stream()
                .anyMatch(a -> !(a.getAssociationType() == AssociationType.HAS_MEMBER
                        && store.objects(List.of(a.getSourceUuid())).stream()
                        .anyMatch(s -> s instanceof org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet)));
    }

    void update(RegisterDocumentSet request) {
        var ss = request.getSubmissionSet();
        var versions = new ArrayList<XDSMetaClass>();
        var candidates = new ArrayList<XDSMetaClass>();
        candidates.addAll(request.getDocumentEntries());
        candidates.addAll(request.getFolders());
        for (var o : candidates) {
            var lid = o.getLogicalUuid();
            var previousVersion = request.getAssociations().stream()
                    .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER
                            && ss.getEntryUuid().equals(a.getSourceUuid()) && o.getEntryUuid().equals(a.getTargetUuid()))
                    .map(Association::getPreviousVersion).filter(java.util.Objects::nonNull).findFirst();
            if (lid == null || lid.equals(o.getEntryUuid())) {
                if (previousVersion.isPresent()) {
                    // an original version belongs in ITI-42, not in an update (ITI TF-2b 3.57.4.1.3.3.1)
                    throw new RegistryException(ErrorCode.METADATA_UPDATE_ERROR, o.getEntryUuid()
                            + " is an original version (its logicalUUID is its entryUUID): submit it with ITI-42",
                            o.getEntryUuid());
                }
                continue;
            }
            if (store.latestVersion(lid).isEmpty()) {
                throw new RegistryException(ErrorCode.METADATA_VERSION_ERROR,
                        "No object with logicalUUID " + lid + " to update", o.getEntryUuid());
            }
            versions.add(o);
        }
        var handled = new HashSet<Association>();
        var renamed = new HashMap<String, String>();

        for (var next : versions) {
            var current = store.latestVersion(next.getLogicalUuid()).orElseThrow();
            var link = request.getAssociations().stream()
                    .filter(a -> a.getAssociationType() == AssociationType.HAS_MEMBER
                            && ss.getEntryUuid().equals(a.getSourceUuid()) && next.getEntryUuid().equals(a.getTargetUuid()))
                    .findFirst()
                    .orElseThrow(() -> new RegistryException(ErrorCode.METADATA_UPDATE_OPERATION_ERROR,
                            "The new version of " + next.getLogicalUuid() + " needs a HasMember from the submission set",
                            next.getEntryUuid()));
            var previous = link.getPreviousVersion();
            var currentVersion = current.getVersion().getVersionName();
            if (previous == null || !previous.equals(currentVersion)) {
                throw new RegistryException(ErrorCode.METADATA_VERSION_ERROR, "PreviousVersion " + previous + " of "
                        + next.getLogicalUuid() + " is not the newest version " + currentVersion, next.getEntryUuid());
            }
            if (!current.getPatientId().equals(next.getPatientId()) && connected(current)) {
                // only an object outside folders and document relationships may move to another patient
                throw new RegistryException(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, "A new version may change the patient"
                        + " only of an object that no folder, document or relationship refers to", next.getEntryUuid());
            }
            if (next instanceof org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry d
                    && d.getType() != org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType.ON_DEMAND
                    && (d.getHash() == null || d.getSize() == null || d.getRepositoryUniqueId() == null)) {
                // a new version is complete metadata, like the original (ITI TF-2b 3.57.4.1.3.3.1)
                throw new RegistryException(ErrorCode.REGISTRY_METADATA_ERROR, "The new version of "
                        + next.getLogicalUuid() + " lacks hash, size or repositoryUniqueId", next.getEntryUuid());
            }
            if (!current.getUniqueId().equals(next.getUniqueId())) {
                throw new RegistryException(ErrorCode.METADATA_UPDATE_OPERATION_ERROR,
                        "A new version may not change the uniqueId", next.getEntryUuid());
            }
            if (!next.getEntryUuid().startsWith("urn:uuid:") || store.exists(next.getEntryUuid())) {
                var uuid = "urn:uuid:" + UUID.randomUUID();
                renamed.put(next.getEntryUuid(), uuid);
                next.setEntryUuid(uuid);
            }
            next.setVersion(new Version(String.valueOf(Integer.parseInt(currentVersion) + 1)));
            next.setAvailabilityStatus(current.getAvailabilityStatus());
            if (next instanceof Folder f) {
                f.setLastUpdateTime(org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp.now());
            }
            link.setTargetUuid(next.getEntryUuid());
            handled.add(link);
            store.updateStatus(current.getEntryUuid(), AvailabilityStatus.DEPRECATED);
            if (!Boolean.FALSE.equals(link.getAssociationPropagation()) && current instanceof Folder) {
                // a folder's new version keeps the folder's members
                for (var m : store.associations(List.of(current.getEntryUuid()), null)) {
                    if (m.getAssociationType() == AssociationType.HAS_MEMBER
                            && m.getAvailabilityStatus() == AvailabilityStatus.APPROVED) {
                        var copy = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                                next.getEntryUuid(), m.getTargetUuid());
                        copy.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                        store.insert(copy);
                    }
                }
            }
            if (!Boolean.FALSE.equals(link.getAssociationPropagation())) {
                for (var m : store.associations(null, List.of(current.getEntryUuid()))) {
                    if (m.getAssociationType() == AssociationType.HAS_MEMBER
                            && store.objects(List.of(m.getSourceUuid())).stream().anyMatch(o -> o instanceof Folder)) {
                        var copy = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                                m.getSourceUuid(), next.getEntryUuid());
                        copy.setAvailabilityStatus(AvailabilityStatus.APPROVED);
                        store.insert(copy);
                    }
                }
            }
        }

        for (var a : request.getAssociations()) {
            if (a.getAssociationType() != AssociationType.UPDATE_AVAILABILITY_STATUS) {
                continue;
            }
            handled.add(a);
            var targetId = renamed.getOrDefault(a.getTargetUuid(), a.getTargetUuid());
            var target = store.objects(List.of(targetId)).stream().findFirst()
                    .or(() -> store.latestVersion(targetId));
            AvailabilityStatus currentStatus;
            String uuid;
            if (target.isPresent()) {
                var newest = store.latestVersion(target.get().getLogicalUuid() == null ? target.get().getEntryUuid()
                        : target.get().getLogicalUuid());
                if (newest.isPresent() && !newest.get().getEntryUuid().equals(target.get().getEntryUuid())) {
                    throw new RegistryException(ErrorCode.METADATA_UPDATE_ERROR, "Only the newest version of "
                            + target.get().getLogicalUuid() + " may change its status", a.getEntryUuid());
                }
                currentStatus = target.get().getAvailabilityStatus();
                uuid = target.get().getEntryUuid();
            } else {
                var association = store.associationsByUuid(List.of(targetId)).stream().findFirst()
                        .orElseThrow(() -> new RegistryException(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                                "No object or association " + targetId, a.getEntryUuid()));
                currentStatus = association.getAvailabilityStatus();
                uuid = association.getEntryUuid();
            }
            if (a.getOriginalStatus() != null && a.getOriginalStatus() != currentStatus) {
                throw new RegistryException(ErrorCode.METADATA_UPDATE_OPERATION_ERROR, "OriginalStatus "
                        + a.getOriginalStatus() + " does not match the current status " + currentStatus, a.getEntryUuid());
            }
            if (a.getNewStatus() == null) {
                throw new RegistryException(ErrorCode.METADATA_UPDATE_OPERATION_ERROR,
                        "UpdateAvailabilityStatus without NewStatus", a.getEntryUuid());
            }
            store.updateStatus(uuid, a.getNewStatus());
        }

        // what remains is an ordinary registration: the submission set, new objects, new associations
        var rest = new RegisterDocumentSet();
        rest.setSubmissionSet(ss);
        request.getDocumentEntries().stream().filter(d -> !versions.contains(d)).forEach(rest.getDocumentEntries()::add);
        request.getFolders().stream().filter(f -> !versions.contains(f)).forEach(rest.getFolders()::add);
        rest.getAssociations().addAll(request.getAssociations().stream()
                .filter(a -> a.getAssociationType() != AssociationType.UPDATE_AVAILABILITY_STATUS).toList());
        register.register(rest, versions);
    }
}
