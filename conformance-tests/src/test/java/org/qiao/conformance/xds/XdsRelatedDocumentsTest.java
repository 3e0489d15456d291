package org.qiao.conformance.xds;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Soap;
import org.w3c.dom.Document;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.XdsMessages.documentEntry;
import static org.qiao.conformance.support.XdsMessages.register;
import static org.qiao.conformance.support.XdsMessages.submissionSet;
import static org.qiao.conformance.support.XdsMessages.xml;

/**
 * ITI-18 GetRelatedDocuments (ITI TF-2a 3.18.4.1.2.3.7.13) over SOAP: an original with an addendum (APND) and
 * a replacement (RPLC), a document that is only in a folder and one that is only in its submission set.
 * Only relationship associations relate documents; a document without related documents gives an empty answer.
 */
class XdsRelatedDocumentsTest extends EngineTestSupport {

    static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";
    static final String GET_RELATED = "urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6";
    static final List<AssociationType> ALL = List.of(AssociationType.APPEND, AssociationType.REPLACE,
            AssociationType.TRANSFORM, AssociationType.TRANSFORM_AND_REPLACE, AssociationType.SIGNS,
            AssociationType.HAS_MEMBER);

    static Identifiable patient;
    static DocumentEntry original;
    static DocumentEntry addendum;
    static DocumentEntry replacement;
    static DocumentEntry inFolder;
    static DocumentEntry inSetOnly;
    static Association appends;
    static Association replaces;

    @BeforeAll
    static void registerTheStory() throws Exception {
        patient = feedResident("钱", "多");
        original = documentEntry(patient, "LAB-01", "20261201");
        inFolder = documentEntry(patient, "LAB-01", "20261202");
        inSetOnly = documentEntry(patient, "LAB-01", "20261203");
        var ss = submissionSet(patient);
        var first = register(ss, original, inFolder, inSetOnly);
        var folder = new Folder();
        folder.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        folder.setUniqueId(org.qiao.conformance.support.XdsMessages.oid());
        folder.setPatientId(patient);
        folder.setTitle(new LocalizedString("门诊"));
        folder.getCodeList().add(new Code("EPISODE", new LocalizedString("就诊"), "2.16.156.10011.2.3.9"));
        first.getFolders().add(folder);
        // the SubmissionSetStatus label belongs on HasMember to documents only (ITI TF-3 4.2.2.1.2)
        var membership = unlabelledHasMember(folder.getEntryUuid(), inFolder.getEntryUuid());
        first.getAssociations().add(unlabelledHasMember(ss.getEntryUuid(), folder.getEntryUuid()));
        first.getAssociations().add(membership);
        first.getAssociations().add(unlabelledHasMember(ss.getEntryUuid(), membership.getEntryUuid()));
        submitted(first);

        addendum = documentEntry(patient, "LAB-01", "20261204");
        appends = new Association(AssociationType.APPEND, "urn:uuid:" + UUID.randomUUID(), addendum.getEntryUuid(),
                original.getEntryUuid());
        var second = register(submissionSet(patient), addendum);
        second.getAssociations().add(appends);
        submitted(second);

        replacement = documentEntry(patient, "LAB-01", "20261205");
        replaces = new Association(AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(),
                replacement.getEntryUuid(), original.getEntryUuid());
        var third = register(submissionSet(patient), replacement);
        third.getAssociations().add(replaces);
        submitted(third);
    }

    private static Association unlabelledHasMember(String source, String target) {
        return new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), source, target);
    }

    private static void submitted(RegisterDocumentSet r) throws Exception {
        var answer = Soap.call(engine, "xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b", xml(r));
        assertThat(Soap.text(answer, "//*[local-name()='RegistryResponse']/@status"))
                .as(Soap.errorCodes(answer) + " " + Soap.text(answer, "//rs:RegistryError/@codeContext")).endsWith(":Success");
    }

    private static GetRelatedDocumentsQuery byUuid(DocumentEntry d, List<AssociationType> types) {
        var q = new GetRelatedDocumentsQuery();
        q.setUuid(d.getEntryUuid());
        q.setAssociationTypes(types);
        return q;
    }

    private static GetRelatedDocumentsQuery byUniqueId(DocumentEntry d, List<AssociationType> types) {
        var q = new GetRelatedDocumentsQuery();
        q.setUniqueId(d.getUniqueId());
        q.setAssociationTypes(types);
        return q;
    }

    private static Document query(GetRelatedDocumentsQuery q, QueryReturnType type) throws Exception {
        var answer = Soap.call(engine, "xds-iti18", QUERY, xml(q, type));
        assertThat(Soap.errorCodes(answer)).isEmpty();
        assertThat(Soap.text(answer, "//*[local-name()='AdhocQueryResponse']/@status")).endsWith(":Success");
        return answer;
    }

    /** The entryUUIDs of the documents in a LeafClass answer. */
    private static List<String> documents(Document answer) throws Exception {
        return Soap.nodes(answer, "//rim:ExtrinsicObject").stream().map(e -> e.getAttribute("id")).toList();
    }

    private static List<String> associations(Document answer) throws Exception {
        return Soap.nodes(answer, "//rim:Association").stream().map(e -> e.getAttribute("id")).toList();
    }

    private static List<String> refs(Document answer) throws Exception {
        return Soap.nodes(answer, "//rim:ObjectRef").stream().map(e -> e.getAttribute("id")).toList();
    }

    @Test
    void theOriginalComesWithItsAddendumAndReplacementAndTheirAssociationsOnly() throws Exception {
        for (var q : List.of(byUuid(original, ALL), byUniqueId(original, ALL))) {
            var answer = query(q, QueryReturnType.LEAF_CLASS);
            assertThat(documents(answer)).containsExactlyInAnyOrder(original.getEntryUuid(), addendum.getEntryUuid(),
                    replacement.getEntryUuid());
            // no HasMember from the submission sets, though $AssociationTypes names it
            assertThat(associations(answer)).containsExactlyInAnyOrder(appends.getEntryUuid(), replaces.getEntryUuid());
            assertThat(Soap.count(answer, "//rim:RegistryPackage")).isZero();
        }
        assertThat(refs(query(byUuid(original, ALL), QueryReturnType.OBJECT_REF))).containsExactlyInAnyOrder(
                original.getEntryUuid(), addendum.getEntryUuid(), replacement.getEntryUuid(),
                appends.getEntryUuid(), replaces.getEntryUuid());
    }

    @Test
    void associationTypesSelectAmongTheRelationships() throws Exception {
        var replaced = query(byUuid(original, List.of(AssociationType.REPLACE)), QueryReturnType.LEAF_CLASS);
        assertThat(documents(replaced)).containsExactlyInAnyOrder(original.getEntryUuid(), replacement.getEntryUuid());
        assertThat(associations(replaced)).containsExactly(replaces.getEntryUuid());

        // from the other end: the replacement is related to the original it replaced, not to the addendum
        var fromReplacement = query(byUniqueId(replacement, List.of(AssociationType.REPLACE, AssociationType.APPEND)),
                QueryReturnType.OBJECT_REF);
        assertThat(refs(fromReplacement)).containsExactlyInAnyOrder(replacement.getEntryUuid(),
                original.getEntryUuid(), replaces.getEntryUuid());

        var appended = query(byUniqueId(addendum, List.of(AssociationType.APPEND)), QueryReturnType.LEAF_CLASS);
        assertThat(documents(appended)).containsExactlyInAnyOrder(addendum.getEntryUuid(), original.getEntryUuid());
        assertThat(associations(appended)).containsExactly(appends.getEntryUuid());
    }

    @Test
    void withoutRelatedDocumentsTheAnswerIsEmpty() throws Exception {
        var none = List.of(
                byUuid(inFolder, ALL), byUniqueId(inFolder, ALL),          // only a folder's (and its set's) member
                byUuid(inSetOnly, ALL), byUniqueId(inSetOnly, ALL),        // only its submission set's member
                byUuid(original, List.of(AssociationType.HAS_MEMBER)),    // HasMember relates no documents
                byUuid(original, List.of(AssociationType.TRANSFORM, AssociationType.SIGNS)),
                byUniqueId(addendum, List.of(AssociationType.REPLACE)));
        for (var q : none) {
            for (var type : List.of(QueryReturnType.LEAF_CLASS, QueryReturnType.OBJECT_REF)) {
                var answer = query(q, type);
                assertThat(Soap.count(answer, "//rim:RegistryObjectList/*")).as(q + " " + type).isZero();
            }
        }
        var unknown = new GetRelatedDocumentsQuery();
        unknown.setUuid("urn:uuid:" + UUID.randomUUID());
        unknown.setAssociationTypes(ALL);
        assertThat(Soap.count(query(unknown, QueryReturnType.LEAF_CLASS), "//rim:RegistryObjectList/*")).isZero();
    }

    private static Document adhoc(String slots) throws Exception {
        return Soap.call(engine, "xds-iti18", QUERY,
                "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\" "
                        + "xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">"
                        + "<query:ResponseOption returnComposedObjects=\"true\" returnType=\"LeafClass\"/>"
                        + "<rim:AdhocQuery id=\"" + GET_RELATED + "\">" + slots + "</rim:AdhocQuery></query:AdhocQueryRequest>");
    }

    private static String slot(String name, String value) {
        return "<rim:Slot name=\"" + name + "\"><rim:ValueList><rim:Value>" + value + "</rim:Value></rim:ValueList></rim:Slot>";
    }

    @Test
    void missingOrMalformedParametersAreRefusedWithTheIheCodes() throws Exception {
        var uuid = slot("$XDSDocumentEntryEntryUUID", "'" + original.getEntryUuid() + "'");
        var types = slot("$AssociationTypes", "('urn:ihe:iti:2007:AssociationType:RPLC')");
        // the query as such is well formed
        assertThat(documents(adhoc(uuid + types))).hasSize(2);

        // $AssociationTypes is required (R in the parameter table of 3.18.4.1.2.3.7.13)
        assertThat(Soap.errorCodes(adhoc(uuid))).contains("XDSStoredQueryMissingParam");
        // neither the entryUUID nor the uniqueId
        assertThat(Soap.errorCodes(adhoc(types))).contains("XDSStoredQueryMissingParam");
        // both: one of them only
        assertThat(Soap.errorCodes(adhoc(uuid + types
                + slot("$XDSDocumentEntryUniqueId", "'" + original.getUniqueId() + "'"))))
                .contains("XDSStoredQueryParamNumber");
        // not a list, and not an association type
        var notAList = adhoc(uuid + slot("$AssociationTypes", "'urn:ihe:iti:2007:AssociationType:RPLC'"));
        assertThat(Soap.text(notAList, "//*[local-name()='AdhocQueryResponse']/@status")).endsWith(":Failure");
        assertThat(Soap.errorCodes(notAList)).containsExactly("XDSRegistryError");
        var unknownType = adhoc(uuid + slot("$AssociationTypes", "('urn:ihe:iti:2007:AssociationType:NOPE')"));
        assertThat(Soap.text(unknownType, "//*[local-name()='AdhocQueryResponse']/@status")).endsWith(":Failure");
        assertThat(Soap.errorCodes(unknownType)).containsExactly("XDSRegistryError");
    }
}
