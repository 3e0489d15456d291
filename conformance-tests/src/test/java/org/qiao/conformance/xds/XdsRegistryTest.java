package org.qiao.conformance.xds;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.TimeRange;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.w3c.dom.Document;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.XdsMessages.documentEntry;
import static org.qiao.conformance.support.XdsMessages.patient;
import static org.qiao.conformance.support.XdsMessages.register;
import static org.qiao.conformance.support.XdsMessages.submissionSet;
import static org.qiao.conformance.support.XdsMessages.xml;

/** ITI-42 Register Document Set-b and ITI-18 stored queries over SOAP 1.2 with WS-Addressing. */
class XdsRegistryTest extends EngineTestSupport {

    static final String REGIONAL_OID = "2.16.156.10011.0.99.1";
    static final String SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    static final String FAILURE = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";
    static final String REGISTER = "urn:ihe:iti:2007:RegisterDocumentSet-b";
    static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";

    static Identifiable resident;
    static Identifiable otherResident;

    @BeforeAll
    static void feedResidents() throws Exception {
        resident = feed();
        otherResident = feed();
    }

    /** A resident fed by hospital A over MLLP; returns its regional id as an XDS patient id. */
    private static Identifiable feed() throws Exception {
        var mrn = Hl7.unique("X");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "赵", "云"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return patient(id.get("value").asText(), REGIONAL_OID);
            }
        }
        throw new AssertionError("no regional id");
    }

    private static Document submit(org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet r)
            throws Exception {
        return Soap.call(engine, "xds-iti42", REGISTER, xml(r));
    }

    private static Document query(org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query q,
                                  QueryReturnType type) throws Exception {
        return Soap.call(engine, "xds-iti18", QUERY, xml(q, type));
    }

    private static FindDocumentsQuery findDocuments(Identifiable patient) {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return q;
    }

    private static String status(Document answer) throws Exception {
        return Soap.text(answer, "//*[local-name()='RegistryResponse' or local-name()='AdhocQueryResponse']/@status");
    }

    @Test
    void registeredDocumentsAreFoundByPatientCodesAndTime() throws Exception {
        var patient = feed();
        var ss = submissionSet(patient);
        var lab = documentEntry(patient, "LAB-01", "20261101080000");
        var imaging = documentEntry(patient, "RAD-01", "20261120093000");
        var answer = submit(register(ss, lab, imaging));
        assertThat(status(answer)).as(Soap.errorCodes(answer).toString()).isEqualTo(SUCCESS);

        var all = query(findDocuments(patient), QueryReturnType.LEAF_CLASS);
        assertThat(status(all)).isEqualTo(SUCCESS);
        assertThat(Soap.count(all, "//rim:ExtrinsicObject")).isEqualTo(2);
        assertThat(Soap.text(all, "//rim:ExtrinsicObject/@home")).isEqualTo("urn:oid:2.16.156.10011.0.99");
        assertThat(Soap.text(all, "//rim:ExtrinsicObject/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value='XDSDocumentEntry.uniqueId']/@value"))
                .isIn(lab.getUniqueId(), imaging.getUniqueId());

        var byClass = findDocuments(patient);
        byClass.setClassCodes(List.of(new Code("RAD-01", null, "2.16.156.10011.2.3.1.211")));
        var radiology = query(byClass, QueryReturnType.LEAF_CLASS);
        assertThat(Soap.count(radiology, "//rim:ExtrinsicObject")).isEqualTo(1);
        assertThat(Soap.count(radiology, "//rim:ExternalIdentifier[@value='" + imaging.getUniqueId() + "']")).isEqualTo(1);

        var byTime = findDocuments(patient);
        var range = new TimeRange();
        range.setFrom("20261110");
        range.setTo("20261201");
        byTime.getCreationTime().setFrom(range.getFrom());
        byTime.getCreationTime().setTo(range.getTo());
        assertThat(Soap.count(query(byTime, QueryReturnType.LEAF_CLASS), "//rim:ExtrinsicObject")).isEqualTo(1);

        var byEvent = findDocuments(patient);
        byEvent.setEventCodes(new QueryList<>(new Code("LAB", null, "2.16.156.10011.2.3.9")));
        assertThat(Soap.count(query(byEvent, QueryReturnType.OBJECT_REF), "//rim:ObjectRef")).isEqualTo(2);

        var byAuthor = findDocuments(patient);
        byAuthor.setAuthorPersons(List.of("%王%"));
        assertThat(Soap.count(query(byAuthor, QueryReturnType.LEAF_CLASS), "//rim:ExtrinsicObject")).isEqualTo(2);
        byAuthor.setAuthorPersons(List.of("%李%"));
        assertThat(Soap.count(query(byAuthor, QueryReturnType.LEAF_CLASS), "//rim:ExtrinsicObject")).isZero();

        // other residents' documents never leak into this one's answers
        assertThat(Soap.count(query(findDocuments(otherResident), QueryReturnType.OBJECT_REF), "//rim:ObjectRef")).isZero();
    }

    @Test
    void getSubmissionSetAndContentsReturnsTheSetItsDocumentsAndTheirAssociations() throws Exception {
        var ss = submissionSet(resident);
        var answer = submit(register(ss, documentEntry(resident, "LAB-01", "20261102"),
                documentEntry(resident, "LAB-01", "20261103")));
        assertThat(status(answer)).isEqualTo(SUCCESS);
        var q = new GetSubmissionSetAndContentsQuery();
        q.setUniqueId(ss.getUniqueId());
        var contents = query(q, QueryReturnType.LEAF_CLASS);
        assertThat(Soap.count(contents, "//rim:RegistryPackage")).isEqualTo(1);
        assertThat(Soap.count(contents, "//rim:ExtrinsicObject")).isEqualTo(2);
        assertThat(Soap.count(contents, "//rim:Association")).isEqualTo(2);
    }

    @Test
    void codesOutsideTheAffinityDomainCodeListAreRefused() throws Exception {
        var odd = documentEntry(resident, "NOT-A-CLASS", "20261101");
        var answer = submit(register(submissionSet(resident), odd));
        assertThat(status(answer)).isEqualTo(FAILURE);
        assertThat(Soap.errorCodes(answer)).containsExactly("XDSRegistryMetadataError");
        assertThat(Soap.text(answer, "//rs:RegistryError/@codeContext")).contains("classCode").contains("NOT-A-CLASS");
    }

    @Test
    void aPreAssignedUuidThatIsAlreadyUsedIsRefused() throws Exception {
        var first = documentEntry(resident, "LAB-01", "20261101");
        assertThat(status(submit(register(submissionSet(resident), first)))).isEqualTo(SUCCESS);
        var again = documentEntry(resident, "LAB-01", "20261101");
        again.setEntryUuid(first.getEntryUuid());
        var answer = submit(register(submissionSet(resident), again));
        assertThat(status(answer)).isEqualTo(FAILURE);
        assertThat(Soap.text(answer, "//rs:RegistryError/@codeContext")).contains(first.getEntryUuid());
    }

    @Test
    void anUnknownPatientIsRefusedWithXdsUnknownPatientId() throws Exception {
        var stranger = patient("NOBODY-" + UUID.randomUUID().toString().substring(0, 8), REGIONAL_OID);
        var answer = submit(register(submissionSet(stranger), documentEntry(stranger, "LAB-01", "20261101")));
        assertThat(status(answer)).isEqualTo(FAILURE);
        assertThat(Soap.errorCodes(answer)).containsExactly("XDSUnknownPatientId");
    }

    @Test
    void mismatchedPatientsAndDuplicateUniqueIdsAreRefusedAndNothingIsStored() throws Exception {
        var before = Soap.count(query(findDocuments(resident), QueryReturnType.OBJECT_REF), "//rim:ObjectRef");

        var mismatch = submit(register(submissionSet(resident), documentEntry(resident, "LAB-01", "20261101"),
                documentEntry(otherResident, "LAB-01", "20261101")));
        assertThat(Soap.errorCodes(mismatch)).contains("XDSPatientIdDoesNotMatch");

        var twin = documentEntry(resident, "LAB-01", "20261101");
        var copy = documentEntry(resident, "LAB-01", "20261101");
        copy.setUniqueId(twin.getUniqueId());
        var duplicate = submit(register(submissionSet(resident), twin, copy));
        assertThat(Soap.errorCodes(duplicate)).contains("XDSRegistryDuplicateUniqueIdInMessage");

        var original = documentEntry(resident, "LAB-01", "20261101");
        assertThat(status(submit(register(submissionSet(resident), original)))).isEqualTo(SUCCESS);
        var changed = documentEntry(resident, "LAB-01", "20261101");
        changed.setUniqueId(original.getUniqueId());
        changed.setHash("0000000000000000000000000000000000000000");
        var nonIdentical = submit(register(submissionSet(resident), documentEntry(resident, "LAB-01", "20261101"), changed));
        assertThat(status(nonIdentical)).isEqualTo(FAILURE);
        assertThat(Soap.errorCodes(nonIdentical)).contains("XDSNonIdenticalHash");

        // all or nothing: only the one good submission added a document
        var after = Soap.count(query(findDocuments(resident), QueryReturnType.OBJECT_REF), "//rim:ObjectRef");
        assertThat(after).isEqualTo(before + 1);
    }

    @Test
    void aReplacementDeprecatesTheOriginal() throws Exception {
        var patient = feed();
        var original = documentEntry(patient, "LAB-01", "20261101");
        assertThat(status(submit(register(submissionSet(patient), original)))).isEqualTo(SUCCESS);

        var replacement = documentEntry(patient, "LAB-01", "20261105");
        var ss = submissionSet(patient);
        var request = register(ss, replacement);
        request.getAssociations().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Association(
                AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(), replacement.getEntryUuid(),
                original.getEntryUuid()));
        var answer = submit(request);
        assertThat(status(answer)).as(Soap.errorCodes(answer).toString()).isEqualTo(SUCCESS);

        var approved = query(findDocuments(patient), QueryReturnType.LEAF_CLASS);
        assertThat(Soap.count(approved, "//rim:ExtrinsicObject")).isEqualTo(1);
        assertThat(Soap.count(approved, "//rim:ExternalIdentifier[@value='" + replacement.getUniqueId() + "']")).isEqualTo(1);
        var deprecated = findDocuments(patient);
        deprecated.setStatus(List.of(AvailabilityStatus.DEPRECATED));
        var old = query(deprecated, QueryReturnType.LEAF_CLASS);
        assertThat(Soap.count(old, "//rim:ExtrinsicObject[@status='urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated']"))
                .isEqualTo(1);

        // replacing it again is refused: it is no longer approved
        var again = register(submissionSet(patient), documentEntry(patient, "LAB-01", "20261106"));
        again.getAssociations().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Association(
                AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(),
                again.getDocumentEntries().get(0).getEntryUuid(), original.getEntryUuid()));
        assertThat(Soap.errorCodes(submit(again))).contains("XDSRegistryDeprecatedDocumentError");

        // a relationship to a document the registry does not have
        var dangling = register(submissionSet(patient), documentEntry(patient, "LAB-01", "20261106"));
        dangling.getAssociations().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Association(
                AssociationType.APPEND, "urn:uuid:" + UUID.randomUUID(),
                dangling.getDocumentEntries().get(0).getEntryUuid(), "urn:uuid:" + UUID.randomUUID()));
        assertThat(Soap.errorCodes(submit(dangling))).contains("UnresolvedReferenceException");
    }
}
