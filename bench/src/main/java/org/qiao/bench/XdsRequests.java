package org.qiao.bench;

import jakarta.activation.DataHandler;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.attachment.AttachmentMarshaller;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * XDS.b request bodies for the load generators. Each is built once with IPF's model and ebRS 3.0 binding, with
 * markers where a call differs (patient, uniqueIds, document bytes), so a call only replaces strings and the client
 * spends its CPU on sending, not on JAXB.
 */
public final class XdsRequests {

    public static final String PROVIDE = "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b";
    public static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";
    public static final String REGIONAL_OID = "2.16.156.10011.0.99.1";
    static final String PATIENT = "BENCHPATIENT";
    static final String DOC_UID = "9.9.9.1.1";
    static final String SS_UID = "9.9.9.1.2";
    private static final String CID = "doc0@qiao.bench";

    /** The three FindDocuments forms of the ITI-18 mix. */
    public enum FindForm { PATIENT_STATUS, CLASS_CODE, CREATION_TIME }

    private XdsRequests() {
    }

    public static Identifiable patient(String regionalId) {
        return new Identifiable(regionalId, new AssigningAuthority(REGIONAL_OID, "ISO"));
    }

    /** A document entry with the affinity domain's codes (config/affinity-code-list.xml). */
    public static DocumentEntry entry(Identifiable patient, String uniqueId, String classCode, String creationTime) {
        var d = new DocumentEntry();
        d.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        d.setUniqueId(uniqueId);
        d.setPatientId(patient);
        d.setSourcePatientId(new Identifiable("M1", new AssigningAuthority("2.16.156.10011.0.99.2.1", "ISO")));
        d.setClassCode(new Code(classCode, new LocalizedString("检验报告"), "2.16.156.10011.2.3.1.211"));
        d.setTypeCode(new Code("11502-2", new LocalizedString("Laboratory report"), "2.16.840.1.113883.6.1"));
        d.setFormatCode(new Code("urn:ihe:lab:xd-lab:2008", new LocalizedString("XD-LAB"), "1.3.6.1.4.1.19376.1.2.3"));
        d.setHealthcareFacilityTypeCode(new Code("A100", new LocalizedString("综合医院"), "2.16.156.10011.2.3.2.22"));
        d.setPracticeSettingCode(new Code("03", new LocalizedString("内科"), "2.16.156.10011.2.3.3.1"));
        d.getConfidentialityCodes().add(new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"));
        d.getEventCodeList().add(new Code("LAB", new LocalizedString("检验"), "2.16.156.10011.2.3.9"));
        d.setCreationTime(creationTime);
        d.setServiceStartTime(creationTime);
        d.setLanguageCode("zh-CN");
        d.setMimeType("text/xml");
        d.setTitle(new LocalizedString("血常规检验报告"));
        d.getAuthors().add(author());
        return d;
    }

    public static SubmissionSet submissionSet(Identifiable patient, String uniqueId) {
        var s = new SubmissionSet();
        s.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        s.setUniqueId(uniqueId);
        s.setSourceId("2.16.156.10011.0.99.2.1");
        s.setPatientId(patient);
        s.setSubmissionTime(Timestamp.now());
        s.setContentTypeCode(new Code("LAB", new LocalizedString("检验"), "2.16.156.10011.2.3.9"));
        s.getAuthors().add(author());
        return s;
    }

    public static Association hasMember(String source, String target) {
        var a = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), source, target);
        a.setLabel(AssociationLabel.ORIGINAL);
        return a;
    }

    private static Author author() {
        var a = new Author();
        a.setAuthorPerson(new Person(null, new XpnName("王", "建国", null, null, null, null)));
        a.getAuthorInstitution().add(new Organization("市第一人民医院", "2.16.156.10011.0.99.2.1", null));
        return a;
    }

    /**
     * The ITI-41 SOAP body (ProvideAndRegisterDocumentSetRequest) with one document as an XOP include; patient
     * and uniqueIds are markers that {@link #provideBody} replaces; entries have symbolic ids.
     */
    public static String provideTemplate() throws Exception {
        var p = patient(PATIENT);
        var ss = submissionSet(p, SS_UID);
        var d = entry(p, DOC_UID, "LAB-01", "20261120080000");
        // symbolic ids: the registry gives each submission its own UUIDs, so the template needs no new ones
        ss.setEntryUuid("SubmissionSet01");
        d.setEntryUuid("Document01");
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new Document(d, new DataHandler("x", "text/xml")));
        var association = hasMember(ss.getEntryUuid(), d.getEntryUuid());
        association.setEntryUuid("Association01");
        request.getAssociations().add(association);
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        return marshalXop(ebxml.getInternal());
    }

    /** The template for one call: a patient and fresh uniqueIds. */
    public static String provideBody(String template, String regionalId, String docUid, String ssUid) {
        return template.replace(PATIENT, regionalId).replace(DOC_UID, docUid).replace(SS_UID, ssUid);
    }

    /** The CID the template's document part has. */
    public static String documentCid() {
        return CID;
    }

    /** A ~10 KB CDA-like document (the uniqueId inside keeps every document's bytes different). */
    public static byte[] document(String uniqueId, int size) {
        var sb = new StringBuilder(size + 200);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id root=\"")
                .append(uniqueId).append("\"/><title>血常规检验报告</title><component><structuredBody>");
        int i = 0;
        while (sb.length() < size - 40) {
            sb.append("<component><section><text>白细胞计数 ").append(4 + (i % 6)).append(".").append(i % 10)
                    .append(" ×10^9/L 参考范围 3.5-9.5</text></section></component>");
            i++;
        }
        sb.append("</structuredBody></component></ClinicalDocument>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An ITI-18 FindDocuments (LeafClass) body for a patient marker, in one of the mix's forms. */
    public static String findTemplate(FindForm form) throws Exception {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient(PATIENT));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        switch (form) {
            case CLASS_CODE -> q.setClassCodes(List.of(new Code("LAB-01", null, "2.16.156.10011.2.3.1.211")));
            case CREATION_TIME -> {
                q.getCreationTime().setFrom("20200101");
                q.getCreationTime().setTo("20270101");
            }
            default -> {
            }
        }
        var ebxml = new QueryRegistryTransformer().toEbXML(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        var w = new StringWriter();
        var m = JAXBContext.newInstance(ebxml.getInternal().getClass()).createMarshaller();
        m.setProperty(Marshaller.JAXB_FRAGMENT, true);
        m.marshal(ebxml.getInternal(), w);
        return w.toString();
    }

    public static String findBody(String template, String regionalId) {
        return template.replace(PATIENT, regionalId);
    }

    private static String marshalXop(Object jaxb) throws Exception {
        var m = JAXBContext.newInstance(jaxb.getClass()).createMarshaller();
        m.setProperty(Marshaller.JAXB_FRAGMENT, true);
        m.setAttachmentMarshaller(new AttachmentMarshaller() {
            @Override
            public String addMtomAttachment(DataHandler data, String ns, String local) {
                return "cid:" + CID;
            }

            @Override
            public String addMtomAttachment(byte[] data, int offset, int length, String mime, String ns, String local) {
                return "cid:" + CID;
            }

            @Override
            public String addSwaRefAttachment(DataHandler data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isXOPPackage() {
                return true;
            }
        });
        var w = new StringWriter();
        m.marshal(jaxb, w);
        return w.toString();
    }
}
