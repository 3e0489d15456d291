package org.qiao.conformance.nist;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Id assignment on a submission before it is sent, step by step as the toolkit's prepareMetadata does it:
 * patient id, uniqueIds, sourceId, then symbolic ids to UUIDs. Each method returns what it assigned, keyed by
 * the id the object had at that moment (the symbolic name for the first three), which later steps read through
 * {@code <UseId section="AssignedUids|AssignedUuids|AssignedPatientId|AssignedSourceId">}.
 */
public final class SubmissionIds {

    public static final String DE_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    public static final String SS_PATIENT_ID = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    public static final String FOL_PATIENT_ID = "urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a";
    public static final String DE_UNIQUE_ID = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    public static final String SS_UNIQUE_ID = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    public static final String FOL_UNIQUE_ID = "urn:uuid:75df8f67-9973-4fbe-a900-df66cefecc5a";
    public static final String SS_SOURCE_ID = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832";

    /** Attributes that refer to another object by id; symbolic values follow their object to its UUID. */
    private static final List<String> REFERENCES =
            List.of("classifiedObject", "sourceObject", "targetObject", "registryObject");

    private SubmissionIds() {
    }

    /** Forces {@code patientId} into every DocumentEntry, SubmissionSet and Folder patientId. */
    public static Map<String, String> assignPatientId(Element request, String patientId) {
        var assigned = new LinkedHashMap<String, String>();
        set(request, "ExtrinsicObject", DE_PATIENT_ID, null, Set.of(), () -> patientId, assigned);
        set(request, "RegistryPackage", SS_PATIENT_ID, null, Set.of(), () -> patientId, assigned);
        set(request, "RegistryPackage", FOL_PATIENT_ID, null, Set.of(), () -> patientId, assigned);
        return assigned;
    }

    /**
     * Fresh uniqueIds for DocumentEntries, SubmissionSets and Folders, except on the object with id
     * {@code skipObject} and on identification schemes in {@code keptSchemes}.
     */
    public static Map<String, String> assignUniqueIds(Element request, String skipObject, Set<String> keptSchemes,
                                                      Supplier<String> oids) {
        var assigned = new LinkedHashMap<String, String>();
        set(request, "ExtrinsicObject", DE_UNIQUE_ID, skipObject, keptSchemes, oids, assigned);
        set(request, "RegistryPackage", SS_UNIQUE_ID, skipObject, keptSchemes, oids, assigned);
        set(request, "RegistryPackage", FOL_UNIQUE_ID, skipObject, keptSchemes, oids, assigned);
        return assigned;
    }

    public static Map<String, String> assignSourceId(Element request, String sourceId) {
        var assigned = new LinkedHashMap<String, String>();
        set(request, "RegistryPackage", SS_SOURCE_ID, null, Set.of(), () -> sourceId, assigned);
        return assigned;
    }

    /**
     * Gives every id that is not a {@code urn:uuid:} a new UUID and rewrites the references to it.
     *
     * @throws IllegalStateException for a symbolic reference to an object that is not in the submission
     */
    public static Map<String, String> assignUuids(Element request) {
        var assigned = new LinkedHashMap<String, String>();
        var references = new ArrayList<Attr>();
        for (var object : topLevelObjects(request)) {
            for (var e : Xml.selfAndDescendants(object)) {
                var id = e.getAttributeNode("id");
                if (id != null && !id.getValue().startsWith("urn:uuid:")) {
                    var uuid = "urn:uuid:" + UUID.randomUUID();
                    assigned.putIfAbsent(id.getValue(), uuid);
                    id.setValue(assigned.get(id.getValue()));
                }
                for (var name : REFERENCES) {
                    var ref = e.getAttributeNode(name);
                    if (ref != null && !ref.getValue().startsWith("urn:uuid:")) {
                        references.add(ref);
                    }
                }
            }
        }
        for (var ref : references) {
            var uuid = assigned.get(ref.getValue());
            if (uuid == null) {
                throw new IllegalStateException("AssignUuids: " + ref.getName() + "=\"" + ref.getValue()
                        + "\" names no object of the submission");
            }
            ref.setValue(uuid);
        }
        return assigned;
    }

    /** The objects directly in the (Leaf)RegistryObjectList, or directly under the root if there is none. */
    public static List<Element> topLevelObjects(Element request) {
        for (var wrapperName : List.of("LeafRegistryObjectList", "RegistryObjectList")) {
            var wrappers = Xml.descendants(request, wrapperName);
            if (!wrappers.isEmpty()) {
                return Xml.children(wrappers.get(0));
            }
        }
        return Xml.children(request);
    }

    private static void set(Element request, String objectType, String scheme, String skipObject,
                            Set<String> keptSchemes, Supplier<String> values, Map<String, String> assigned) {
        for (var object : topLevelObjects(request)) {
            if (!objectType.equals(object.getLocalName())) {
                continue;
            }
            var id = object.getAttribute("id");
            if (id.equals(skipObject)) {
                continue;
            }
            for (var ei : Xml.children(object, "ExternalIdentifier")) {
                if (!scheme.equals(ei.getAttribute("identificationScheme"))) {
                    continue;
                }
                var value = keptSchemes.contains(scheme) ? ei.getAttribute("value") : values.get();
                ei.setAttribute("value", value);
                assigned.put(id, value);
            }
        }
    }
}
