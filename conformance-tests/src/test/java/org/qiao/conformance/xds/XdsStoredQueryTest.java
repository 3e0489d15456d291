package org.qiao.conformance.xds;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;
import org.w3c.dom.Document;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ITI-18 FindDocuments parameter by parameter, FindDocumentsByReferenceId, and the stored-query errors,
 * against an engine whose LeafClass limit is small enough to reach.
 */
class XdsStoredQueryTest {

    static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";
    static final String FIND_DOCUMENTS = "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d";
    static Engine engine;
    static Identifiable patient;
    static DocumentEntry lab;
    static DocumentEntry imaging;
    static DocumentEntry restricted;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.registry.max-leaf-class-results=4");
        var mrn = Hl7.unique("Q");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "孙", "权"));
        for (var id : new AdminClient(engine).patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                patient = XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        lab = XdsMessages.documentEntry(patient, "LAB-01", "20260301");
        lab.setServiceStartTime("20260301080000");
        lab.setServiceStopTime("20260301090000");
        lab.getReferenceIdList().add(new ReferenceId("ORD-778", null, ReferenceId.ID_TYPE_CODE_ORDER));
        imaging = XdsMessages.documentEntry(patient, "RAD-01", "20260310");
        imaging.setTypeCode(new Code("18748-4", null, "2.16.840.1.113883.6.1"));
        imaging.setPracticeSettingCode(new Code("04", null, "2.16.156.10011.2.3.3.1"));
        imaging.setHealthcareFacilityTypeCode(new Code("A210", null, "2.16.156.10011.2.3.2.22"));
        imaging.setFormatCode(new Code("urn:ihe:iti:xds-sd:pdf:2008", null, "1.3.6.1.4.1.19376.1.2.3"));
        imaging.setMimeType("application/pdf");
        imaging.setServiceStartTime("20260310140000");
        imaging.setServiceStopTime("20260311100000");
        restricted = XdsMessages.documentEntry(patient, "DIS-01", "20260320");
        restricted.getConfidentialityCodes().add(new Code("R", null, "2.16.840.1.113883.5.25"));
        restricted.setServiceStartTime("20260315");
        restricted.setServiceStopTime("20260320");
        var answer = Soap.call(engine, "xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b", XdsMessages.xml(
                XdsMessages.register(XdsMessages.submissionSet(patient), lab, imaging, restricted)));
        assertThat(Soap.text(answer, "//*[local-name()='RegistryResponse']/@status")).as(Soap.errorCodes(answer).toString())
                .endsWith(":Success");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    /** The uniqueIds FindDocuments returns for the patient with one more parameter set. */
    private static List<String> find(Consumer<FindDocumentsQuery> parameter) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        parameter.accept(q);
        var answer = Soap.call(engine, "xds-iti18", QUERY, XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
        assertThat(Soap.errorCodes(answer)).isEmpty();
        return Soap.nodes(answer, "//rim:ExtrinsicObject/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value="
                + "'XDSDocumentEntry.uniqueId']").stream().map(e -> e.getAttribute("value")).toList();
    }

    @Test
    void everyFindDocumentsParameterNarrowsTheAnswer() throws Exception {
        assertThat(find(q -> { })).containsExactlyInAnyOrder(lab.getUniqueId(), imaging.getUniqueId(), restricted.getUniqueId());
        assertThat(find(q -> q.setTypeCodes(List.of(new Code("18748-4", null, "2.16.840.1.113883.6.1")))))
                .containsExactly(imaging.getUniqueId());
        assertThat(find(q -> q.setPracticeSettingCodes(List.of(new Code("04", null, "2.16.156.10011.2.3.3.1")))))
                .containsExactly(imaging.getUniqueId());
        assertThat(find(q -> q.setHealthcareFacilityTypeCodes(List.of(new Code("A210", null, "2.16.156.10011.2.3.2.22")))))
                .containsExactly(imaging.getUniqueId());
        assertThat(find(q -> q.setFormatCodes(List.of(new Code("urn:ihe:iti:xds-sd:pdf:2008", null, "1.3.6.1.4.1.19376.1.2.3")))))
                .containsExactly(imaging.getUniqueId());
        // classCode OR: two values in one parameter
        assertThat(find(q -> q.setClassCodes(List.of(new Code("LAB-01", null, "2.16.156.10011.2.3.1.211"),
                new Code("DIS-01", null, "2.16.156.10011.2.3.1.211")))))
                .containsExactlyInAnyOrder(lab.getUniqueId(), restricted.getUniqueId());
        // confidentialityCode AND of ORs: (N) AND (R) holds only for the restricted document
        var both = new QueryList<Code>();
        both.getOuterList().add(List.of(new Code("N", null, "2.16.840.1.113883.5.25")));
        both.getOuterList().add(List.of(new Code("R", null, "2.16.840.1.113883.5.25")));
        assertThat(find(q -> q.setConfidentialityCodes(both))).containsExactly(restricted.getUniqueId());
        // service time ranges: From inclusive, To exclusive
        assertThat(find(q -> {
            q.getServiceStartTime().setFrom("20260310");
            q.getServiceStartTime().setTo("20260316");
        })).containsExactlyInAnyOrder(imaging.getUniqueId(), restricted.getUniqueId());
        assertThat(find(q -> q.getServiceStopTime().setTo("20260301090000"))).isEmpty();
        assertThat(find(q -> q.getServiceStopTime().setTo("20260301090001"))).containsExactly(lab.getUniqueId());
        // on-demand entries only when asked for: there are none
        assertThat(find(q -> q.setDocumentEntryTypes(List.of(
                org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType.ON_DEMAND)))).isEmpty();
    }

    @Test
    void findDocumentsByReferenceId() throws Exception {
        var q = new FindDocumentsByReferenceIdQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var ids = new QueryList<ReferenceId>();
        ids.getOuterList().add(List.of(new ReferenceId("ORD-778", null, ReferenceId.ID_TYPE_CODE_ORDER)));
        q.setTypedReferenceIds(ids);
        var answer = Soap.call(engine, "xds-iti18", QUERY, XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
        assertThat(Soap.count(answer, "//rim:ExtrinsicObject")).as(Soap.errorCodes(answer).toString()).isEqualTo(1);
        assertThat(Soap.count(answer, "//rim:ExternalIdentifier[@value='" + lab.getUniqueId() + "']")).isEqualTo(1);
    }

    private static Document adhoc(String queryId, String returnType, String slots) throws Exception {
        return Soap.call(engine, "xds-iti18", QUERY,
                "<query:AdhocQueryRequest xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\" "
                        + "xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">"
                        + "<query:ResponseOption returnComposedObjects=\"true\" returnType=\"" + returnType + "\"/>"
                        + "<rim:AdhocQuery id=\"" + queryId + "\">" + slots + "</rim:AdhocQuery></query:AdhocQueryRequest>");
    }

    private static String slot(String name, String... values) {
        var s = new StringBuilder("<rim:Slot name=\"" + name + "\"><rim:ValueList>");
        for (var v : values) {
            s.append("<rim:Value>").append(v.replace("&", "&amp;")).append("</rim:Value>");
        }
        return s.append("</rim:ValueList></rim:Slot>").toString();
    }

    @Test
    void storedQueryErrorsCarryTheIheCodes() throws Exception {
        var status = slot("$XDSDocumentEntryStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')");
        var patientSlot = slot("$XDSDocumentEntryPatientId", "'" + patient.getId() + "^^^&2.16.156.10011.0.99.1&ISO'");

        var missing = adhoc(FIND_DOCUMENTS, "LeafClass", status);
        assertThat(Soap.errorCodes(missing)).contains("XDSStoredQueryMissingParam");

        // a single-valued parameter with two values
        var twice = adhoc(FIND_DOCUMENTS, "LeafClass", status + slot("$XDSDocumentEntryPatientId",
                "'" + patient.getId() + "^^^&2.16.156.10011.0.99.1&ISO'", "'OTHER^^^&2.16.156.10011.0.99.1&ISO'"));
        assertThat(Soap.errorCodes(twice)).contains("XDSStoredQueryParamNumber");

        var unknown = adhoc("urn:uuid:00000000-0000-0000-0000-000000000000", "LeafClass", patientSlot);
        assertThat(Soap.errorCodes(unknown)).contains("XDSUnknownStoredQuery");

        // 3 documents fit under the limit of 4 objects; GetAll adds the submission set and associations
        var getAll = adhoc("urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3", "LeafClass",
                slot("$patientId", "'" + patient.getId() + "^^^&2.16.156.10011.0.99.1&ISO'")
                        + slot("$XDSDocumentEntryStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')")
                        + slot("$XDSSubmissionSetStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')")
                        + slot("$XDSFolderStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"));
        assertThat(Soap.errorCodes(getAll)).containsExactly("XDSTooManyResults");
        var refs = adhoc("urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3", "ObjectRef",
                slot("$patientId", "'" + patient.getId() + "^^^&2.16.156.10011.0.99.1&ISO'")
                        + slot("$XDSDocumentEntryStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')")
                        + slot("$XDSSubmissionSetStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')")
                        + slot("$XDSFolderStatus", "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')"));
        assertThat(Soap.errorCodes(refs)).isEmpty();
        assertThat(Soap.count(refs, "//rim:ObjectRef")).isEqualTo(7);
    }
}
