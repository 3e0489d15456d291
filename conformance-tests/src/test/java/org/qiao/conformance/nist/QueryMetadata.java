package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of an AdhocQueryResponse's RegistryObjectList, sorted the way the toolkit's Metadata parser
 * sorts them: a RegistryPackage is a SubmissionSet when it is classified as one (nested or sibling
 * Classification) or carries a SubmissionSet uniqueId, patientId or sourceId; otherwise a Folder by the same
 * tests; the last SubmissionSet is "the" SubmissionSet.
 */
public final class QueryMetadata {

    public static final String SS_NODE = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd";
    public static final String FOLDER_NODE = "urn:uuid:d9d542f3-6cc4-48b6-8870-ea235fbc94c2";

    public final List<Element> extrinsicObjects = new ArrayList<>();
    public final List<Element> submissionSets = new ArrayList<>();
    public final List<Element> folders = new ArrayList<>();
    public final List<Element> associations = new ArrayList<>();
    public final List<Element> objectRefs = new ArrayList<>();

    public QueryMetadata(Element response) {
        var list = Xml.descendants(response, "RegistryObjectList");
        if (list.isEmpty()) {
            return;
        }
        var objects = Xml.children(list.get(0));
        for (var o : objects) {
            switch (o.getLocalName()) {
                case "ExtrinsicObject" -> extrinsicObjects.add(o);
                case "Association" -> associations.add(o);
                case "ObjectRef" -> objectRefs.add(o);
                case "RegistryPackage" -> {
                    if (isClassifiedAs(o, objects, SS_NODE) || hasIdentifier(o, SubmissionIds.SS_UNIQUE_ID,
                            SubmissionIds.SS_PATIENT_ID, SubmissionIds.SS_SOURCE_ID)) {
                        submissionSets.add(o);
                    } else if (isClassifiedAs(o, objects, FOLDER_NODE)
                            || hasIdentifier(o, SubmissionIds.FOL_UNIQUE_ID, SubmissionIds.FOL_PATIENT_ID)) {
                        folders.add(o);
                    }
                }
                default -> { }
            }
        }
    }

    public Optional<Element> submissionSet() {
        return submissionSets.isEmpty() ? Optional.empty() : Optional.of(submissionSets.get(submissionSets.size() - 1));
    }

    public static String id(Element e) {
        return e.getAttribute("id");
    }

    /** The status without its namespace ("Approved"), or null. */
    public static String status(Element e) {
        var s = Xml.attr(e, "status");
        return s == null ? null : s.substring(s.lastIndexOf(':') + 1);
    }

    /** The association type without its namespace ("HasMember", "RPLC"). */
    public static String simpleType(Element association) {
        var t = association.getAttribute("associationType");
        return t.substring(t.lastIndexOf(':') + 1);
    }

    public static String uniqueId(Element extrinsicObject) {
        for (var ei : Xml.children(extrinsicObject, "ExternalIdentifier")) {
            if (SubmissionIds.DE_UNIQUE_ID.equals(ei.getAttribute("identificationScheme"))) {
                return ei.getAttribute("value");
            }
        }
        return null;
    }

    public static String slotValue(Element object, String slotName) {
        for (var slot : Xml.children(object, "Slot")) {
            if (slotName.equals(slot.getAttribute("name"))) {
                return Xml.descendants(slot, "Value").stream().findFirst().map(Xml::text).orElse(null);
            }
        }
        return null;
    }

    private static boolean isClassifiedAs(Element rp, List<Element> siblings, String node) {
        for (var c : Xml.children(rp, "Classification")) {
            if (node.equals(c.getAttribute("classificationNode"))) {
                return true;
            }
        }
        for (var c : siblings) {
            if ("Classification".equals(c.getLocalName()) && node.equals(c.getAttribute("classificationNode"))
                    && id(rp).equals(c.getAttribute("classifiedObject"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIdentifier(Element rp, String... schemes) {
        for (var ei : Xml.children(rp, "ExternalIdentifier")) {
            for (var s : schemes) {
                if (s.equals(ei.getAttribute("identificationScheme"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
