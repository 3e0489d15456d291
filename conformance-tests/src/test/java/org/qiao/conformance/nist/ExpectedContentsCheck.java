package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.qiao.conformance.nist.QueryMetadata.id;
import static org.qiao.conformance.nist.QueryMetadata.simpleType;
import static org.qiao.conformance.nist.QueryMetadata.status;

/**
 * The {@code <ExpectedContents>} patterns of a stored query step, as the toolkit's Validator defines them.
 * Every element the testkit uses is implemented; an unknown one is a failure, not a silent pass.
 */
public final class ExpectedContentsCheck {

    /** The ExpectedContents elements implemented below (those of the toolkit's Validator the testkit can use). */
    public static final Set<String> SUPPORTED = Set.of("SSwithOneDoc", "SSwithTwoDoc", "SSwithOneDocOnly",
            "SSwithTwoDocOnly", "SSwithOneFol", "SSwithOneDocOneFol", "SSwithTwoDocOneFol",
            "SSwithTwoDocOneFolOneDocInFol", "SSApproved", "DocApp", "DocDep", "FolApp", "FolDep", "OneDocApp",
            "OneDocDep", "HasRPLC", "HasXFRM_RPLC", "HasAPND", "None", "NoSubmissionSet", "NoDocument", "ObjectRefs",
            "Documents", "Folders", "SubmissionSets", "Associations", "DocumentEntries");

    private final QueryMetadata m;
    private final Function<Instruction.UseId, String> useIds;
    private final List<String> errors = new ArrayList<>();

    private ExpectedContentsCheck(QueryMetadata m, Function<Instruction.UseId, String> useIds) {
        this.m = m;
        this.useIds = useIds;
    }

    /** The problems found; {@code useIds} resolves the UseId instructions inside DocumentEntries. */
    public static List<String> check(Element expectedContents, Element response,
                                     Function<Instruction.UseId, String> useIds) {
        var check = new ExpectedContentsCheck(new QueryMetadata(response), useIds);
        for (var e : Xml.children(expectedContents)) {
            check.run(e);
        }
        return check.errors;
    }

    private void run(Element e) {
        var count = e.hasAttribute("count") ? Integer.parseInt(e.getAttribute("count").trim()) : -1;
        switch (e.getLocalName()) {
            case "SSwithOneDoc" -> { ssWithDocs(1); ssApproved(); }
            case "SSwithTwoDoc" -> { ssWithDocs(2); ssApproved(); }
            case "SSwithOneDocOnly" -> ssWithDocs(1);
            case "SSwithTwoDocOnly" -> ssWithDocs(2);
            case "SSwithOneFol" -> ssWithOneFolder();
            case "SSwithOneDocOneFol" -> ssWithDocsInFolder(1);
            case "SSwithTwoDocOneFol" -> ssWithDocsInFolder(2);
            case "SSwithTwoDocOneFolOneDocInFol" -> ssWithTwoDocsOneInFolder();
            case "SSApproved" -> ssApproved();
            case "DocApp" -> allStatus(m.extrinsicObjects, "ExtrinsicObject", "Approved");
            case "DocDep" -> allStatus(m.extrinsicObjects, "ExtrinsicObject", "Deprecated");
            case "FolApp" -> allStatus(m.folders, "Folder", "Approved");
            case "FolDep" -> allStatus(m.folders, "Folder", "Deprecated");
            case "OneDocApp" -> exactlyOne("Approved");
            case "OneDocDep" -> exactlyOne("Deprecated");
            case "HasRPLC" -> uniqueRelationship("RPLC");
            case "HasXFRM_RPLC" -> uniqueRelationship("XFRM_RPLC");
            case "HasAPND" -> uniqueRelationship("APND");
            case "None" -> { noSubmissionSet(); count("Documents", m.extrinsicObjects, 0);
                count("Folders", m.folders, 0); count("Associations", m.associations, 0); }
            case "NoSubmissionSet" -> noSubmissionSet();
            case "NoDocument" -> count("Documents", m.extrinsicObjects, 0);
            case "ObjectRefs" -> { count("ObjectRefs", m.objectRefs, count); noSubmissionSet();
                count("Documents", m.extrinsicObjects, 0); count("Folders", m.folders, 0);
                count("Associations", m.associations, 0); }
            case "Documents" -> count("Documents", m.extrinsicObjects, count);
            case "Folders" -> count("Folders", m.folders, count);
            case "SubmissionSets" -> count("SubmissionSets", m.submissionSets, count);
            case "Associations" -> count("Associations", m.associations, count);
            case "DocumentEntries" -> documentEntries(e);
            default -> errors.add("ExpectedContents/" + e.getLocalName() + " is not implemented by this runner");
        }
    }

    private void count(String what, List<Element> found, int expected) {
        if (found.size() != expected) {
            errors.add("Found " + found.size() + " " + what + " instead of " + expected);
        }
    }

    private boolean hasSubmissionSet() {
        if (m.submissionSet().isEmpty()) {
            errors.add("No SubmissionSet found");
            return false;
        }
        return true;
    }

    private void noSubmissionSet() {
        if (m.submissionSet().isPresent()) {
            errors.add("SubmissionSet found where none was expected");
        }
    }

    private void ssApproved() {
        m.submissionSet().ifPresentOrElse(ss -> {
            if (!"Approved".equals(status(ss))) {
                errors.add("SubmissionSet " + id(ss) + " has status " + status(ss) + " instead of Approved");
            }
        }, () -> errors.add("No SubmissionSet"));
    }

    /** SubmissionSet with exactly n documents, n associations, SS-HasMember-doc for each document. */
    private void ssWithDocs(int n) {
        int before = errors.size();
        hasSubmissionSet();
        count("Documents", m.extrinsicObjects, n);
        count("Associations", m.associations, n);
        if (errors.size() > before) {
            return;
        }
        var ss = m.submissionSet().orElseThrow();
        for (var doc : m.extrinsicObjects) {
            association(ss, id(doc), "HasMember");
        }
    }

    private void ssWithOneFolder() {
        int before = errors.size();
        hasSubmissionSet();
        count("Documents", m.extrinsicObjects, 0);
        count("Folders", m.folders, 1);
        if (errors.size() == before) {
            count("Associations", m.associations, 1);
            association(m.submissionSet().orElseThrow(), id(m.folders.get(0)), "HasMember");
        }
    }

    /** SS, n documents all in the one folder: SS-doc, SS-folder, folder-doc and SS-(folder-doc) HasMembers. */
    private void ssWithDocsInFolder(int n) {
        int before = errors.size();
        hasSubmissionSet();
        count("Documents", m.extrinsicObjects, n);
        count("Folders", m.folders, 1);
        if (errors.size() > before) {
            return;
        }
        count("Associations", m.associations, 1 + 3 * n);
        var ss = m.submissionSet().orElseThrow();
        var folder = m.folders.get(0);
        association(ss, id(folder), "HasMember");
        for (var doc : m.extrinsicObjects) {
            association(ss, id(doc), "HasMember");
            var folderDoc = association(folder, id(doc), "HasMember");
            if (folderDoc != null) {
                association(ss, id(folderDoc), "HasMember");
            }
        }
    }

    /** SS with two documents and a folder holding one of them. */
    private void ssWithTwoDocsOneInFolder() {
        int before = errors.size();
        hasSubmissionSet();
        count("Documents", m.extrinsicObjects, 2);
        count("Folders", m.folders, 1);
        if (errors.size() > before) {
            return;
        }
        count("Associations", m.associations, 5);
        var ss = m.submissionSet().orElseThrow();
        var folder = m.folders.get(0);
        m.extrinsicObjects.forEach(doc -> association(ss, id(doc), "HasMember"));
        association(ss, id(folder), "HasMember");
        var folderDoc = m.associations.stream()
                .filter(a -> id(folder).equals(a.getAttribute("sourceObject")) && "HasMember".equals(simpleType(a))
                        && m.extrinsicObjects.stream().anyMatch(d -> id(d).equals(a.getAttribute("targetObject"))))
                .findFirst();
        if (folderDoc.isEmpty()) {
            errors.add("HasMember association missing between the Folder and one of the documents");
        } else {
            association(ss, id(folderDoc.get()), "HasMember");
        }
    }

    /** The association source → target of that type (compared without namespace), or null and an error. */
    private Element association(Element source, String targetId, String type) {
        for (var a : m.associations) {
            if (id(source).equals(a.getAttribute("sourceObject")) && targetId.equals(a.getAttribute("targetObject"))
                    && a.getAttribute("associationType").equals(Ebrim21To30.associationType(type))) {
                return a;
            }
        }
        errors.add(type + " association missing between " + id(source) + " and " + targetId + " (expected type "
                + Ebrim21To30.associationType(type) + ")");
        return null;
    }

    private void allStatus(List<Element> objects, String what, String expected) {
        for (var o : objects) {
            if (!expected.equals(status(o))) {
                errors.add(what + " " + id(o) + " has status " + status(o) + " instead of " + expected);
                return;
            }
        }
    }

    private void exactlyOne(String expected) {
        long n = m.extrinsicObjects.stream().filter(o -> expected.equals(status(o))).count();
        if (n != 1) {
            errors.add("Found " + n + " " + expected + " ExtrinsicObjects instead of one");
        }
    }

    private void uniqueRelationship(String type) {
        var targets = new ArrayList<String>();
        for (var a : m.associations) {
            if (type.equals(simpleType(a))) {
                var target = a.getAttribute("targetObject");
                if (targets.contains(target)) {
                    errors.add("Multiple " + type + " associations found for the same document");
                    return;
                }
                targets.add(target);
            }
        }
        if (targets.isEmpty()) {
            errors.add(type + " association not found");
        }
    }

    /** DocumentEntries / MustOnlyInclude|Include|Exclude / DocumentEntry (UseId, DocumentEntryType). */
    private void documentEntries(Element e) {
        for (var filter : Xml.children(e)) {
            var mode = filter.getLocalName();
            if ("DocumentEntryType".equals(mode)) {
                var type = Xml.text(filter);
                m.extrinsicObjects.stream().filter(o -> !type.equals(o.getAttribute("objectType"))).findFirst()
                        .ifPresent(o -> errors.add("DocumentEntry " + id(o) + " has objectType "
                                + o.getAttribute("objectType") + " instead of " + type));
                continue;
            }
            if (!List.of("MustOnlyInclude", "Include", "Exclude").contains(mode)) {
                errors.add("ExpectedContents/DocumentEntries/" + mode + " is not implemented by this runner");
                continue;
            }
            int listed = 0;
            for (var entry : Xml.children(filter, "DocumentEntry")) {
                listed++;
                var useId = Xml.child(entry, "UseId").map(TestkitReader::useId).orElse(null);
                if (useId == null) {
                    errors.add("DocumentEntries/" + mode + "/DocumentEntry without UseId");
                    continue;
                }
                var uuid = useIds.apply(useId);
                var found = m.extrinsicObjects.stream().filter(o -> id(o).equals(uuid)).findFirst();
                if ("Exclude".equals(mode)) {
                    found.ifPresent(o -> errors.add("DocumentEntry " + uuid + " must not be in the response"));
                    continue;
                }
                if (found.isEmpty()) {
                    errors.add("DocumentEntry " + uuid + " (" + useId.id() + ") not in the response");
                    continue;
                }
                Xml.child(entry, "DocumentEntryType").map(Xml::text).ifPresent(type -> {
                    if (!type.equals(found.get().getAttribute("objectType"))) {
                        errors.add("DocumentEntry " + uuid + " has objectType " + found.get().getAttribute("objectType")
                                + " instead of " + type);
                    }
                });
            }
            if ("MustOnlyInclude".equals(mode) && m.extrinsicObjects.size() != listed) {
                errors.add("Response holds " + m.extrinsicObjects.size() + " DocumentEntries, expected only the "
                        + listed + " listed");
            }
        }
    }
}
