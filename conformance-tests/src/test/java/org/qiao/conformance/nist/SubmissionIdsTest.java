package org.qiao.conformance.nist;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Patient id, uniqueIds, sourceId, symbolic ids and placeholder substitution on a testkit submission. */
class SubmissionIdsTest {

    private static Element submission(String file) {
        return Xml.parse(Testkit.fromSystemProperty().testsDir().resolve(file)).getDocumentElement();
    }

    private static String identifier(Element request, String objectId, String scheme) {
        return SubmissionIds.topLevelObjects(request).stream().filter(o -> objectId.equals(o.getAttribute("id")))
                .flatMap(o -> Xml.children(o, "ExternalIdentifier").stream())
                .filter(ei -> scheme.equals(ei.getAttribute("identificationScheme")))
                .map(ei -> ei.getAttribute("value")).findFirst().orElse(null);
    }

    @Test
    void theForcedPatientIdReplacesThePlaceholderPatientEverywhere() {
        var request = submission("11966/submit/single_doc.xml");
        var pid = "QTEST.1^^^&1.3.6.1.4.1.21367.2005.3.7&ISO";

        var assigned = SubmissionIds.assignPatientId(request, pid);

        assertThat(assigned).containsEntry("Document01", pid).containsEntry("SubmissionSet01", pid);
        assertThat(identifier(request, "Document01", SubmissionIds.DE_PATIENT_ID)).isEqualTo(pid);
        assertThat(identifier(request, "SubmissionSet01", SubmissionIds.SS_PATIENT_ID)).isEqualTo(pid);
        assertThat(Xml.toString(request)).doesNotContain("SELF-5");
    }

    @Test
    void uniqueIdsAreFreshExceptOnTheObjectNamedByNoAssignUids() {
        var request = submission("12346/doc_w_fol/single_doc_w_fol.xml");
        var oids = new OidAllocator("2.25.42");

        var all = SubmissionIds.assignUniqueIds(request, null, Set.of(), oids::next);
        assertThat(all.values()).allSatisfy(v -> assertThat(v).startsWith("2.25.42.2.")).doesNotHaveDuplicates();
        assertThat(all).containsKeys("Document01", "SubmissionSet01");

        var again = SubmissionIds.assignUniqueIds(request, "Document01", Set.of(), oids::next);
        assertThat(again).doesNotContainKey("Document01");
        assertThat(identifier(request, "Document01", SubmissionIds.DE_UNIQUE_ID)).isEqualTo(all.get("Document01"));

        var source = SubmissionIds.assignSourceId(request, oids.sourceId());
        assertThat(source).containsExactly(Map.entry("SubmissionSet01", "2.25.42.1"));
    }

    @Test
    void symbolicIdsBecomeUuidsAndReferencesFollow() {
        var request = submission("11990/submit/single_doc.xml");

        var uuids = SubmissionIds.assignUuids(request);

        assertThat(uuids).containsKeys("Document01", "SubmissionSet01");
        var assoc = Xml.descendants(request, "Association").get(0);
        assertThat(assoc.getAttribute("sourceObject")).isEqualTo(uuids.get("SubmissionSet01"));
        assertThat(assoc.getAttribute("targetObject")).isEqualTo(uuids.get("Document01"));
        assertThat(Xml.descendants(request, "Classification"))
                .allSatisfy(c -> assertThat(c.getAttribute("classifiedObject")).startsWith("urn:uuid:"));
    }

    @Test
    void aReferenceToAnUnknownSymbolFailsLikeTheToolkit() {
        var request = Xml.parse("""
                <rs:SubmitObjectsRequest xmlns:rs="urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1">
                  <rim:LeafRegistryObjectList xmlns:rim="urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1">
                    <rim:Association sourceObject="SubmissionSet01" targetObject="urn:uuid:1"
                        associationType="HasMember"/>
                  </rim:LeafRegistryObjectList>
                </rs:SubmitObjectsRequest>""").getDocumentElement();

        assertThatThrownBy(() -> SubmissionIds.assignUuids(request)).hasMessageContaining("SubmissionSet01");
    }

    @Test
    void substitutionReachesAttributesAndTextButNotUseIdOrDocumentContent() {
        var root = Xml.parse("""
                <a x="pre-$v$-post"><b>$v$</b><UseId symbol="$v$"/>
                  <d:Document xmlns:d="urn:ihe:iti:xds-b:2007">$v$</d:Document></a>""").getDocumentElement();

        Substitution.replace(root, "$v$", "value");

        assertThat(root.getAttribute("x")).isEqualTo("pre-value-post");
        assertThat(Xml.text(Xml.child(root, "b").orElseThrow())).isEqualTo("value");
        assertThat(Xml.child(root, "UseId").orElseThrow().getAttribute("symbol")).isEqualTo("$v$");
        assertThat(Xml.text(Xml.child(root, "Document").orElseThrow())).isEqualTo("$v$");
    }
}
