package org.qiao.fhir.mhd;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A DocumentEntry made a DocumentReference and back keeps what XDS needs: ids, codes (OIDs and the code systems
 * FHIR names by URL), times at their precision; and a resource missing a mandatory attribute is refused naming it.
 */
class MhdMetadataTest {

    private static final Identifiable PATIENT = new Identifiable("QR0000000007",
            new AssigningAuthority("2.16.156.10011.0.99.1", "ISO"));

    private static DocumentEntry entry() {
        var e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:6d4f2c1e-3b1a-4c55-9a2f-0c1d2e3f4a5b");
        e.setUniqueId("1.2.156.99.7.1");
        e.setAvailabilityStatus(AvailabilityStatus.DEPRECATED);
        e.setPatientId(PATIENT);
        e.setSourcePatientId(new Identifiable("M7", new AssigningAuthority("2.16.156.10011.0.99.2.1", "ISO")));
        e.setTypeCode(new Code("11502-2", new LocalizedString("Laboratory report"), "2.16.840.1.113883.6.1"));
        e.setClassCode(new Code("LAB-01", new LocalizedString("检验报告"), "2.16.156.10011.2.3.1.211"));
        e.setFormatCode(new Code("urn:ihe:lab:xd-lab:2008", new LocalizedString("XD-LAB"), "1.3.6.1.4.1.19376.1.2.3"));
        e.setHealthcareFacilityTypeCode(new Code("A100", new LocalizedString("综合医院"), "2.16.156.10011.2.3.2.22"));
        e.setPracticeSettingCode(new Code("30", new LocalizedString("医学检验科"), "2.16.156.10011.2.3.3.1"));
        e.getConfidentialityCodes().add(new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"));
        e.getEventCodeList().add(new Code("LAB", new LocalizedString("检验"), "2.16.156.10011.2.3.9"));
        e.setCreationTime("20261201083000");
        e.setServiceStartTime("20261130");
        e.setMimeType("text/xml");
        e.setLanguageCode("zh-CN");
        e.setTitle(new LocalizedString("血常规"));
        e.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        e.setSize(42L);
        return e;
    }

    @Test
    void aDocumentEntryBecomesADocumentReferenceAndComesBackTheSame() {
        var d = MhdMetadata.documentReference(entry(), id -> new Reference("Patient/" + id.getId()),
                e -> "http://h/fhir/Binary/x");
        assertThat(d.getIdElement().getIdPart()).isEqualTo("6d4f2c1e-3b1a-4c55-9a2f-0c1d2e3f4a5b");
        assertThat(d.getMasterIdentifier().getValue()).isEqualTo("urn:oid:1.2.156.99.7.1");
        assertThat(d.getStatus().toCode()).isEqualTo("superseded");
        assertThat(d.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(d.getCategoryFirstRep().getCodingFirstRep().getSystem()).isEqualTo("urn:oid:2.16.156.10011.2.3.1.211");
        assertThat(d.getContentFirstRep().getFormat().getSystem())
                .isEqualTo("http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode");
        assertThat(d.getContentFirstRep().getAttachment().getCreationElement().getValueAsString())
                .isEqualTo("2026-12-01T08:30:00Z");
        assertThat(d.getContext().getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-30");

        var back = MhdMetadata.documentEntry(d, "urn:uuid:6d4f2c1e-3b1a-4c55-9a2f-0c1d2e3f4a5b", PATIENT);
        var original = entry();
        assertThat(back.getUniqueId()).isEqualTo(original.getUniqueId());
        assertThat(back.getTypeCode()).isEqualTo(original.getTypeCode());
        assertThat(back.getClassCode()).isEqualTo(original.getClassCode());
        assertThat(back.getFormatCode()).isEqualTo(original.getFormatCode());
        assertThat(back.getConfidentialityCodes()).isEqualTo(original.getConfidentialityCodes());
        assertThat(back.getEventCodeList()).isEqualTo(original.getEventCodeList());
        assertThat(back.getCreationTime()).isEqualTo(original.getCreationTime());
        assertThat(back.getServiceStartTime()).isEqualTo(original.getServiceStartTime());
        assertThat(back.getHash()).isEqualTo(original.getHash());
        assertThat(back.getSourcePatientId()).isEqualTo(original.getSourcePatientId());
        assertThat(back.getTitle()).isEqualTo(original.getTitle());
    }

    @Test
    void aMandatoryAttributeMissingIsRefusedNamingTheElement() {
        var d = MhdMetadata.documentReference(entry(), id -> new Reference("Patient/" + id.getId()), e -> "x");
        d.getContext().setPracticeSetting(null);
        assertThatThrownBy(() -> MhdMetadata.documentEntry(d, "urn:uuid:1", PATIENT))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("DocumentReference.context.practiceSetting");
        d.getSecurityLabel().clear();
        assertThatThrownBy(() -> MhdMetadata.documentEntry(d, "urn:uuid:1", PATIENT))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("securityLabel");
        assertThat(List.of(MhdCodes.scheme("urn:oid:1.2.3"), MhdCodes.scheme("http://loinc.org")))
                .containsExactly("1.2.3", "2.16.840.1.113883.6.1");
    }
}
