package org.qiao.conformance.support;

import jakarta.xml.bind.JAXBContext;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.*;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;

import java.io.StringWriter;
import java.util.UUID;

/**
 * XDS metadata as an EHR would submit it, built with IPF's model and written as ebRS 3.0 XML.
 * OIDs are fresh per call so every submission is new.
 */
public final class XdsMessages {

    public static final String OID_ROOT = "1.3.6.1.4.1.21367.2026." + (System.nanoTime() % 100000);
    private static long seq;

    private XdsMessages() {
    }

    public static synchronized String oid() {
        return OID_ROOT + "." + (++seq);
    }

    /** The CX of a regional id, e.g. QR0000000001^^^&amp;2.16.156.10011.0.99.1&amp;ISO. */
    public static Identifiable patient(String id, String oid) {
        return new Identifiable(id, new AssigningAuthority(oid, "ISO"));
    }

    public static Author author(String family, String given) {
        var a = new Author();
        a.setAuthorPerson(new Person(null, new XpnName(family, given, null, null, null, null)));
        a.getAuthorInstitution().add(new Organization("市第一人民医院", "2.16.156.10011.0.99.2.1", null));
        return a;
    }

    public static DocumentEntry documentEntry(Identifiable patient, String classCode, String creationTime) {
        var d = new DocumentEntry();
        d.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        d.setUniqueId(oid());
        d.setPatientId(patient);
        d.setSourcePatientId(new Identifiable("M" + seq, new AssigningAuthority("2.16.156.10011.0.99.2.1", "ISO")));
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
        d.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        d.setSize(1024L);
        d.setRepositoryUniqueId("2.16.156.10011.0.99.3.1");
        d.setTitle(new LocalizedString("血常规检验报告"));
        d.getAuthors().add(author("王", "建国"));
        return d;
    }

    public static SubmissionSet submissionSet(Identifiable patient) {
        var s = new SubmissionSet();
        s.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        s.setUniqueId(oid());
        s.setSourceId("2.16.156.10011.0.99.2.1");
        s.setPatientId(patient);
        s.setSubmissionTime(Timestamp.now());
        s.setContentTypeCode(new Code("LAB", new LocalizedString("检验"), "2.16.156.10011.2.3.9"));
        s.getAuthors().add(author("王", "建国"));
        return s;
    }

    public static Association hasMember(String source, String target) {
        var a = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), source, target);
        a.setLabel(AssociationLabel.ORIGINAL);
        return a;
    }

    /** A submission set with the given entries, each linked by HasMember. */
    public static RegisterDocumentSet register(SubmissionSet ss, DocumentEntry... entries) {
        var r = new RegisterDocumentSet();
        r.setSubmissionSet(ss);
        for (var d : entries) {
            r.getDocumentEntries().add(d);
            r.getAssociations().add(hasMember(ss.getEntryUuid(), d.getEntryUuid()));
        }
        return r;
    }

    public static String xml(RegisterDocumentSet request) throws Exception {
        var ebxml = new RegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        return marshal(ebxml.getInternal());
    }

    public static String xml(Query query, QueryReturnType returnType) throws Exception {
        var ebxml = new QueryRegistryTransformer().toEbXML(new QueryRegistry(query, returnType));
        return marshal(ebxml.getInternal());
    }

    public static String xml(org.openehealth.ipf.commons.ihe.xds.core.requests.RemoveMetadata request) throws Exception {
        var ebxml = new org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RemoveMetadataRequestTransformer()
                .toEbXML(request);
        return marshal(ebxml.getInternal());
    }

    private static String marshal(Object jaxb) throws Exception {
        var w = new StringWriter();
        JAXBContext.newInstance(jaxb.getClass()).createMarshaller().marshal(jaxb, w);
        return w.toString();
    }

    /**
     * Provides one document over ITI-41 (SOAP 1.2, MTOM) in the submission set {@code ss}, the bytes as text/xml;
     * the entry's hash, size and repository are left for the repository to set. The engine's answer.
     */
    public static Mtom.Answer provideOne(Engine engine, SubmissionSet ss, DocumentEntry entry, byte[] bytes)
            throws Exception {
        entry.setHash(null);
        entry.setSize(null);
        entry.setRepositoryUniqueId(null);
        var request = new org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Document(entry,
                new jakarta.activation.DataHandler(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1), "text/xml")));
        request.getAssociations().add(hasMember(ss.getEntryUuid(), entry.getEntryUuid()));
        var ebxml = new org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer(
                new org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30()).toEbXML(request);
        var body = Mtom.marshal(ebxml.getInternal());
        return Mtom.post(engine, "xds-iti41", "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", body.getKey(),
                body.getValue());
    }
}
