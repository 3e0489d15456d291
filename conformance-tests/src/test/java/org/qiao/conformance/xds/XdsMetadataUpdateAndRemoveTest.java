package org.qiao.conformance.xds;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;
import org.w3c.dom.Document;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** ITI-57 metadata update and ITI-62 remove metadata over SOAP 1.2. */
class XdsMetadataUpdateAndRemoveTest extends EngineTestSupport {

    private Identifiable newResident() throws Exception {
        var mrn = Hl7.unique("U");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "诸葛", "亮"));
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
        throw new AssertionError();
    }

    private static Document call(String service, String action, String body) throws Exception {
        return Soap.call(engine, service, action, body);
    }

    private static String status(Document d) throws Exception {
        return Soap.text(d, "//*[local-name()='RegistryResponse' or local-name()='AdhocQueryResponse']/@status");
    }

    private static Document findDocuments(Identifiable patient, AvailabilityStatus status) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(status));
        return call("xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery", XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
    }

    /** A new version of {@code original}, with a new title, submitted as ITI-57. */
    private static RegisterDocumentSet newVersion(Identifiable patient, DocumentEntry original, String previousVersion,
                                                  String title) {
        var next = XdsMessages.documentEntry(patient, "LAB-01", "20261101");
        next.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        next.setLogicalUuid(original.getEntryUuid());
        next.setUniqueId(original.getUniqueId());
        next.setTitle(new LocalizedString(title));
        var ss = XdsMessages.submissionSet(patient);
        var update = new RegisterDocumentSet();
        update.setSubmissionSet(ss);
        update.getDocumentEntries().add(next);
        var link = XdsMessages.hasMember(ss.getEntryUuid(), next.getEntryUuid());
        link.setPreviousVersion(previousVersion);
        update.getAssociations().add(link);
        return update;
    }

    @Test
    void aNewVersionReplacesTheOldOneAndStaleVersionsAreRefused() throws Exception {
        var patient = newResident();
        var original = XdsMessages.documentEntry(patient, "LAB-01", "20261101");
        var registered = call("xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b",
                XdsMessages.xml(XdsMessages.register(XdsMessages.submissionSet(patient), original)));
        assertThat(status(registered)).endsWith(":Success");

        var update = call("xds-iti57", "urn:ihe:iti:2010:UpdateDocumentSet",
                XdsMessages.xml(newVersion(patient, original, "1", "血常规检验报告（更正）")));
        assertThat(status(update)).as(Soap.errorCodes(update).toString()).endsWith(":Success");

        var approved = findDocuments(patient, AvailabilityStatus.APPROVED);
        assertThat(Soap.count(approved, "//rim:ExtrinsicObject")).isEqualTo(1);
        assertThat(Soap.text(approved, "//rim:ExtrinsicObject/rim:Name/rim:LocalizedString/@value")).contains("更正");
        assertThat(Soap.text(approved, "//rim:ExtrinsicObject/rim:VersionInfo/@versionName")).isEqualTo("2");
        assertThat(Soap.text(approved, "//rim:ExtrinsicObject/@lid")).isEqualTo(original.getEntryUuid());
        var deprecated = findDocuments(patient, AvailabilityStatus.DEPRECATED);
        assertThat(Soap.text(deprecated, "//rim:ExtrinsicObject/@id")).isEqualTo(original.getEntryUuid());

        var stale = call("xds-iti57", "urn:ihe:iti:2010:UpdateDocumentSet",
                XdsMessages.xml(newVersion(patient, original, "1", "again")));
        assertThat(Soap.errorCodes(stale)).containsExactly("XDSMetadataVersionError");
    }

    @Test
    void availabilityStatusChangesAndAssociationsAreRemovedWithTheirObjects() throws Exception {
        var patient = newResident();
        var doc = XdsMessages.documentEntry(patient, "LAB-01", "20261101");
        var ss = XdsMessages.submissionSet(patient);
        var submission = XdsMessages.register(ss, doc);
        assertThat(status(call("xds-iti42", "urn:ihe:iti:2007:RegisterDocumentSet-b", XdsMessages.xml(submission))))
                .endsWith(":Success");

        // deprecate through an UpdateAvailabilityStatus association
        var updateSet = XdsMessages.submissionSet(patient);
        var update = new RegisterDocumentSet();
        update.setSubmissionSet(updateSet);
        var change = new Association(AssociationType.UPDATE_AVAILABILITY_STATUS, "urn:uuid:" + UUID.randomUUID(),
                updateSet.getEntryUuid(), doc.getEntryUuid());
        change.setOriginalStatus(AvailabilityStatus.APPROVED);
        change.setNewStatus(AvailabilityStatus.DEPRECATED);
        update.getAssociations().add(change);
        var changed = call("xds-iti57", "urn:ihe:iti:2010:UpdateDocumentSet", XdsMessages.xml(update));
        assertThat(status(changed)).as(Soap.errorCodes(changed).toString()).endsWith(":Success");
        assertThat(Soap.count(findDocuments(patient, AvailabilityStatus.APPROVED), "//rim:ExtrinsicObject")).isZero();
        assertThat(Soap.count(findDocuments(patient, AvailabilityStatus.DEPRECATED), "//rim:ExtrinsicObject")).isEqualTo(1);

        // ITI-62: an unknown object
        var unknown = new RemoveMetadata();
        unknown.getReferences().add(new ObjectReference("urn:uuid:" + UUID.randomUUID()));
        assertThat(Soap.errorCodes(call("xds-iti62", "urn:ihe:iti:2010:DeleteDocumentSet", XdsMessages.xml(unknown))))
                .containsExactly("UnresolvedReferenceException");

        // the document alone: its HasMember association still refers to it
        var docOnly = new RemoveMetadata();
        docOnly.getReferences().add(new ObjectReference(doc.getEntryUuid()));
        assertThat(Soap.errorCodes(call("xds-iti62", "urn:ihe:iti:2010:DeleteDocumentSet", XdsMessages.xml(docOnly))))
                .containsExactly("ReferencesExistException");

        // the whole submission: set, document and association
        var all = new RemoveMetadata();
        all.getReferences().add(new ObjectReference(ss.getEntryUuid()));
        all.getReferences().add(new ObjectReference(doc.getEntryUuid()));
        all.getReferences().add(new ObjectReference(submission.getAssociations().get(0).getEntryUuid()));
        var removed = call("xds-iti62", "urn:ihe:iti:2010:DeleteDocumentSet", XdsMessages.xml(all));
        assertThat(status(removed)).as(Soap.errorCodes(removed).toString()).endsWith(":Success");
        assertThat(Soap.count(findDocuments(patient, AvailabilityStatus.DEPRECATED), "//rim:ExtrinsicObject")).isZero();
        var q = new GetSubmissionSetAndContentsQuery();
        q.setUuid(ss.getEntryUuid());
        var gone = call("xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery", XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
        assertThat(Soap.count(gone, "//rim:RegistryPackage")).isZero();
    }
}
