package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * ITI-62 Remove Metadata, inside the caller's transaction:
 * <ol>
 *   <li>every referenced object or association must exist (UnresolvedReferenceException);</li>
 *   <li>no association outside the request may still point at a removed object (ReferencesExistException);</li>
 *   <li>delete them all.</li>
 * </ol>
 */
class RemoveMetadataService {

    private final RegistryStore store;

    RemoveMetadataService(RegistryStore store) {
        this.store = store;
    }

    void remove(RemoveMetadata request) {
        var ids = new LinkedHashSet<String>();
        request.getReferences().stream().map(ObjectReference::getId).forEach(ids::add);
        for (var id : ids) {
            if (!store.exists(id)) {
                throw new RegistryException(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                        "No object or association " + id + " in the registry", id);
            }
        }
        var objects = store.objects(ids).stream().map(o -> o.getEntryUuid()).toList();
        if (!objects.isEmpty()) {
            var referencing = new java.util.ArrayList<Association>();
            referencing.addAll(store.associations(objects, null));
            referencing.addAll(store.associations(null, objects));
            for (var a : referencing) {
                if (!ids.contains(a.getEntryUuid())) {
                    throw new RegistryException(ErrorCode.REFERENCE_EXISTS_EXCEPTION, "Association " + a.getEntryUuid()
                            + " still refers to " + (objects.contains(a.getSourceUuid()) ? a.getSourceUuid()
                            : a.getTargetUuid()) + "; remove it in the same request", a.getEntryUuid());
                }
            }
        }
        store.delete(List.copyOf(ids));
    }
}
