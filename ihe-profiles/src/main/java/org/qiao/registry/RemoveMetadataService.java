package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * ITI-62 Remove Metadata, inside the caller's transaction:
 * <ol>
 *   <li>every referenced object or association must exist (UnresolvedReferenceException);</li>
 *   <li>nothing removed may still be referenced by an association that stays (ReferencesExistException);</li>
 *   <li>no object that stays may be left without any association referring to it, e.g. a submission set
 *       whose last member is removed (XDSUnreferencedObjectException);</li>
 *   <li>all errors are reported together; if there are none, everything is deleted.</li>
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
        var errors = new ArrayList<RegistryException>();
        for (var id : ids) {
            if (!store.exists(id)) {
                errors.add(new RegistryException(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION,
                        "No object or association " + id + " in the registry", id));
            }
        }
        if (!errors.isEmpty()) {
            throw RegistryException.of(errors);
        }
        for (var id : ids) {
            var staying = referencing(id).stream().filter(a -> !ids.contains(a.getEntryUuid())).toList();
            if (!staying.isEmpty()) {
                errors.add(new RegistryException(ErrorCode.REFERENCE_EXISTS_EXCEPTION, id + " is still referenced by "
                        + staying.size() + " association(s) not in the request, e.g. " + staying.get(0).getEntryUuid(), id));
            }
        }
        for (var removed : store.associationsByUuid(ids)) {
            for (var end : List.of(removed.getSourceUuid(), removed.getTargetUuid())) {
                if (!ids.contains(end) && referencing(end).stream().allMatch(a -> ids.contains(a.getEntryUuid()))) {
                    errors.add(new RegistryException(ErrorCode.UNREFERENCED_OBJECT_EXCEPTION, end
                            + " would be left without any association referring to it", end));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw RegistryException.of(errors);
        }
        store.delete(List.copyOf(ids));
    }

    private List<Association> referencing(String id) {
        return store.associationsTouching(List.of(id));
    }
}
