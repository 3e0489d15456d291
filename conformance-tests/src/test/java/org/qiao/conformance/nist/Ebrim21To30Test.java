package org.qiao.conformance.nist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qiao.conformance.nist.Ebrim21To30.LCM_30;
import static org.qiao.conformance.nist.Ebrim21To30.RIM_30;

/** ebRIM 2.1 to 3.0 on testkit submissions, read in place from the testkit folder. No engine needed. */
class Ebrim21To30Test {

    static Testkit testkit;

    @BeforeAll
    static void testkit() {
        testkit = Testkit.fromSystemProperty();
    }

    private static Element translate(String file) {
        var n = new AtomicInteger();
        var source = Xml.parse(testkit.testsDir().resolve(file)).getDocumentElement();
        return new Ebrim21To30(() -> "urn:uuid:00000000-0000-0000-0000-" + String.format("%012d", n.incrementAndGet()))
                .translate(source).getDocumentElement();
    }

    private static List<Element> objects(Element sor) {
        return Xml.children(Xml.child(sor, "RegistryObjectList").orElseThrow());
    }

    private static Element first(Element sor, String type) {
        return objects(sor).stream().filter(e -> type.equals(e.getLocalName())).findFirst().orElseThrow();
    }

    @Test
    void singleDocumentSubmissionBecomesAnLcmSubmitObjectsRequestWithRim30Objects() {
        var sor = translate("11990/submit/single_doc.xml");

        assertThat(sor.getNamespaceURI()).isEqualTo(LCM_30);
        assertThat(sor.getLocalName()).isEqualTo("SubmitObjectsRequest");
        assertThat(Xml.children(sor)).extracting(Element::getLocalName).containsExactly("RegistryObjectList");
        assertThat(Xml.selfAndDescendants(Xml.child(sor, "RegistryObjectList").orElseThrow()))
                .allSatisfy(e -> assertThat(e.getNamespaceURI()).isEqualTo(RIM_30));
        // the 19 ObjectRefs to classification schemes are dropped, the objects stay in order
        assertThat(objects(sor)).extracting(Element::getLocalName)
                .containsExactly("ExtrinsicObject", "RegistryPackage", "Classification", "Association");
    }

    @Test
    void childrenAreInSchemaOrderAndSlotValuesAreKept() {
        var eo = first(translate("11990/submit/single_doc.xml"), "ExtrinsicObject");

        // the 2.1 file has Name and Description before the Slots; 3.0 wants Slot*, Name, Description, ...
        var names = Xml.children(eo).stream().map(Element::getLocalName).distinct().toList();
        assertThat(names).containsExactly("Slot", "Name", "Description", "Classification", "ExternalIdentifier");
        assertThat(eo.getAttribute("id")).isEqualTo("Document01");
        assertThat(eo.getAttribute("objectType")).isEqualTo("urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1");
        assertThat(eo.getAttribute("mimeType")).isEqualTo("text/plain");
        var sourcePatientId = Xml.children(eo, "Slot").stream()
                .filter(s -> "sourcePatientId".equals(s.getAttribute("name"))).findFirst().orElseThrow();
        assertThat(Xml.text(Xml.descendants(sourcePatientId, "Value").get(0))).isEqualTo("89765a87b^^^&1.3.4.5&ISO");
        // Classification: Slot before Name
        var author = Xml.children(eo, "Classification").get(0);
        assertThat(Xml.children(author)).extracting(Element::getLocalName).startsWith("Slot");
    }

    @Test
    void classificationsExternalIdentifiersAndAssociationsGetIdsAndObjectTypes() {
        var sor = translate("11990/submit/single_doc.xml");
        var eo = first(sor, "ExtrinsicObject");

        for (var c : Xml.descendants(sor, "Classification")) {
            assertThat(c.getAttribute("id")).startsWith("urn:uuid:");
            assertThat(c.getAttribute("objectType"))
                    .isEqualTo("urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification");
        }
        for (var ei : Xml.children(eo, "ExternalIdentifier")) {
            assertThat(ei.getAttribute("id")).startsWith("urn:uuid:");
            assertThat(ei.getAttribute("registryObject")).isEqualTo("Document01");
            assertThat(ei.getAttribute("objectType"))
                    .isEqualTo("urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier");
        }
        var ss = first(sor, "RegistryPackage");
        assertThat(ss.getAttribute("objectType"))
                .isEqualTo("urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage");
        assertThat(Xml.children(ss, "ExternalIdentifier"))
                .allSatisfy(ei -> assertThat(ei.getAttribute("registryObject")).isEqualTo("SubmissionSet01"));

        var hasMember = first(sor, "Association");
        assertThat(hasMember.getAttribute("id")).startsWith("urn:uuid:");
        assertThat(hasMember.getAttribute("associationType"))
                .isEqualTo("urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember");
        assertThat(hasMember.getAttribute("objectType"))
                .isEqualTo("urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association");
        assertThat(hasMember.getAttribute("sourceObject")).isEqualTo("SubmissionSet01");
        assertThat(hasMember.getAttribute("targetObject")).isEqualTo("Document01");

        // all generated ids are distinct
        var ids = Xml.descendants(sor, "*").stream().map(e -> e.getAttribute("id")).filter(s -> !s.isEmpty()).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void documentRelationshipsGoToTheIheAssociationNamespace() {
        var sor = translate("11992/rplc/metadata.xml");

        assertThat(Xml.descendants(sor, "Association")).extracting(a -> a.getAttribute("associationType"))
                .contains("urn:ihe:iti:2007:AssociationType:RPLC",
                        "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember");
    }

    @Test
    void ebRim30FilesAreNormalisedTheSameWay() {
        var sor = translate("15800/original/single_doc.xml");

        assertThat(objects(sor)).extracting(Element::getLocalName).contains("ExtrinsicObject", "RegistryPackage");
        var eo = first(sor, "ExtrinsicObject");
        assertThat(Xml.children(eo, "ExternalIdentifier"))
                .allSatisfy(ei -> assertThat(ei.getAttribute("registryObject")).isEqualTo(eo.getAttribute("id")));
        assertThat(Xml.descendants(sor, "Association")).extracting(a -> a.getAttribute("associationType"))
                .allSatisfy(t -> assertThat(t).startsWith("urn:"));
    }

    @Test
    void statusGetsItsUrnVersionsAreDroppedAndLangBecomesXmlLang() {
        var source = Xml.parse("""
                <rs:SubmitObjectsRequest xmlns:rs="urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1">
                  <rim:LeafRegistryObjectList xmlns:rim="urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1">
                    <rim:ExtrinsicObject id="Document01" status="Approved" majorVersion="1" minorVersion="0"
                        objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
                      <rim:Name><rim:LocalizedString lang="en-us" value="Physical"/></rim:Name>
                    </rim:ExtrinsicObject>
                    <rim:Association id="a1" sourceObject="x" targetObject="y" associationType="XFRM_RPLC"
                        status="urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated"/>
                  </rim:LeafRegistryObjectList>
                </rs:SubmitObjectsRequest>""").getDocumentElement();

        var sor = new Ebrim21To30().translate(source).getDocumentElement();

        var eo = first(sor, "ExtrinsicObject");
        assertThat(eo.getAttribute("status")).isEqualTo("urn:oasis:names:tc:ebxml-regrep:StatusType:Approved");
        assertThat(eo.hasAttribute("majorVersion")).isFalse();
        assertThat(eo.hasAttribute("minorVersion")).isFalse();
        var ls = Xml.descendants(eo, "LocalizedString").get(0);
        assertThat(ls.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("en-us");
        var assoc = first(sor, "Association");
        assertThat(assoc.getAttribute("id")).isEqualTo("a1");
        assertThat(assoc.getAttribute("associationType")).isEqualTo("urn:ihe:iti:2007:AssociationType:XFRM_RPLC");
        assertThat(assoc.getAttribute("status")).isEqualTo("urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated");
    }

    @Test
    void onlySubmitObjectsRequestsAreTranslated() {
        var query = Xml.parse(testkit.testsDir().resolve("11990/eval/query.xml")).getDocumentElement();

        assertThat(Ebrim21To30.isSubmitObjectsRequest(query)).isFalse();
        assertThatThrownBy(() -> new Ebrim21To30().translate(query)).isInstanceOf(IllegalArgumentException.class);
    }
}
