package org.qiao.conformance.xds;

import jakarta.activation.DataHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Mtom;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ITI-41 Provide and Register and ITI-43 Retrieve, SOAP 1.2 with MTOM/XOP at the wire. */
class XdsRepositoryTest extends EngineTestSupport {

    static final String REPOSITORY = "2.16.156.10011.0.99.3.1";
    static final String PROVIDE = "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b";
    static final String RETRIEVE = "urn:ihe:iti:2007:RetrieveDocumentSet";
    static Identifiable resident;

    @BeforeAll
    static void feedResident() throws Exception {
        var mrn = Hl7.unique("R");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "马", "超"));
        for (var id : admin.patient("hosp-a-mrn", mrn).get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                resident = XdsMessages.patient(id.get("value").asText(), "2.16.156.10011.0.99.1");
            }
        }
    }

    private static DocumentEntry entry(byte[] content) {
        var d = XdsMessages.documentEntry(resident, "LAB-01", "20261120");
        d.setHash(null);
        d.setSize(null);
        d.setRepositoryUniqueId(null);
        return d;
    }

    private static Mtom.Answer provide(DocumentEntry... entries) throws Exception {
        return provide(Map.of(), entries);
    }

    private static Mtom.Answer provide(Map<DocumentEntry, byte[]> contents, DocumentEntry... entries) throws Exception {
        var ss = XdsMessages.submissionSet(resident);
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        for (var e : entries) {
            var bytes = contents.getOrDefault(e, ("<ClinicalDocument>" + e.getUniqueId() + "</ClinicalDocument>")
                    .getBytes(StandardCharsets.UTF_8));
            request.getDocuments().add(new Document(e, new DataHandler(new String(bytes, StandardCharsets.ISO_8859_1),
                    "text/xml")));
            request.getAssociations().add(XdsMessages.hasMember(ss.getEntryUuid(), e.getEntryUuid()));
        }
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        var body = Mtom.marshal(ebxml.getInternal());
        // every document travels as an XOP attachment, not inline base64
        assertThat(body.getValue()).hasSize(entries.length);
        assertThat(body.getKey()).contains("Include");
        return Mtom.post(engine, "xds-iti41", PROVIDE, body.getKey(), body.getValue());
    }

    private static Mtom.Answer retrieve(String repository, String... uniqueIds) throws Exception {
        var request = new RetrieveDocumentSet();
        for (var id : uniqueIds) {
            request.getDocuments().add(new DocumentReference(repository, id, null));
        }
        var ebxml = new RetrieveDocumentSetRequestTransformer(new EbXMLFactory30()).toEbXML(request);
        var body = Mtom.marshal(ebxml.getInternal());
        return Mtom.post(engine, "xds-iti43", RETRIEVE, body.getKey(), body.getValue());
    }

    private static String status(String xml) throws Exception {
        return Soap.text(Soap.parse(xml), "//*[local-name()='RegistryResponse']/@status");
    }

    private static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }

    @Test
    void providedDocumentsAreRegisteredWithHashAndSizeAndRetrievedByteForByte() throws Exception {
        var a = entry(null);
        var b = entry(null);
        var pdfLike = new byte[20_000];
        for (int i = 0; i < pdfLike.length; i++) {
            pdfLike[i] = (byte) (i * 31);
        }
        var answer = provide(Map.of(b, pdfLike), a, b);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(status(answer.xml())).as(answer.xml()).endsWith(":Success");

        // the registry has them, with this repository's id, the SHA-1 and size the repository computed
        var q = new FindDocumentsQuery();
        q.setPatientId(resident);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var found = Soap.call(engine, "xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery",
                XdsMessages.xml(q, QueryReturnType.LEAF_CLASS));
        var bEntry = "//rim:ExtrinsicObject[rim:ExternalIdentifier/@value='" + b.getUniqueId() + "']";
        assertThat(Soap.text(found, bEntry + "/rim:Slot[@name='hash']/rim:ValueList/rim:Value")).isEqualTo(sha1(pdfLike));
        assertThat(Soap.text(found, bEntry + "/rim:Slot[@name='size']/rim:ValueList/rim:Value")).isEqualTo("20000");
        assertThat(Soap.text(found, bEntry + "/rim:Slot[@name='repositoryUniqueId']/rim:ValueList/rim:Value"))
                .isEqualTo(REPOSITORY);

        // retrieve both in one request: MTOM parts, mime types, the exact bytes
        var got = retrieve(REPOSITORY, a.getUniqueId(), b.getUniqueId());
        var doc = Soap.parse(got.xml());
        assertThat(Soap.text(doc, "//*[local-name()='RegistryResponse']/@status")).endsWith(":Success");
        assertThat(Soap.count(doc, "//xds:DocumentResponse")).isEqualTo(2);
        var href = Soap.text(doc, "//xds:DocumentResponse[xds:DocumentUniqueId='" + b.getUniqueId()
                + "']/xds:Document/*[local-name()='Include']/@href");
        assertThat(href).startsWith("cid:");
        assertThat(got.part(href)).isEqualTo(pdfLike);
        assertThat(Soap.text(doc, "//xds:DocumentResponse[xds:DocumentUniqueId='" + b.getUniqueId() + "']/xds:mimeType"))
                .isEqualTo("text/xml");
    }

    @Test
    void unknownDocumentsAndRepositoriesGiveErrorsAndPartialSuccess() throws Exception {
        var a = entry(null);
        assertThat(status(provide(a).xml())).endsWith(":Success");
        var partial = Soap.parse(retrieve(REPOSITORY, a.getUniqueId(), "1.2.3.404").xml());
        assertThat(Soap.text(partial, "//*[local-name()='RegistryResponse']/@status")).endsWith(":PartialSuccess");
        assertThat(Soap.errorCodes(partial)).containsExactly("XDSDocumentUniqueIdError");
        assertThat(Soap.count(partial, "//xds:DocumentResponse")).isEqualTo(1);

        var wrongRepository = Soap.parse(retrieve("9.9.9", a.getUniqueId()).xml());
        assertThat(Soap.text(wrongRepository, "//*[local-name()='RegistryResponse']/@status")).endsWith(":Failure");
        assertThat(Soap.errorCodes(wrongRepository)).containsExactly("XDSUnknownRepositoryId");
    }

    @Test
    void wrongHashOrSizeIsRefusedAndLeavesNoBytesBehind() throws Exception {
        var documents = engine.dataDir.resolve("documents");
        var before = countFiles(documents);
        var wrongHash = entry(null);
        wrongHash.setHash("0123456789abcdef0123456789abcdef01234567");
        var answer = provide(wrongHash);
        assertThat(status(answer.xml())).endsWith(":Failure");
        assertThat(Soap.errorCodes(Soap.parse(answer.xml()))).containsExactly("XDSRepositoryMetadataError");

        var wrongSize = entry(null);
        wrongSize.setSize(3L);
        assertThat(Soap.errorCodes(Soap.parse(provide(wrongSize).xml()))).containsExactly("XDSRepositoryMetadataError");

        // registry refusal (unknown patient): the bytes written for it are removed again
        var stranger = XdsMessages.documentEntry(XdsMessages.patient("NOBODY", "2.16.156.10011.0.99.1"), "LAB-01", "20261120");
        stranger.setHash(null);
        stranger.setSize(null);
        stranger.setRepositoryUniqueId(null);
        var ss = XdsMessages.submissionSet(stranger.getPatientId());
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new Document(stranger, new DataHandler("<unregistered/>", "text/xml")));
        request.getAssociations().add(XdsMessages.hasMember(ss.getEntryUuid(), stranger.getEntryUuid()));
        var ebxml = new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        var body = Mtom.marshal(ebxml.getInternal());
        var refused = Mtom.post(engine, "xds-iti41", PROVIDE, body.getKey(), body.getValue());
        assertThat(Soap.errorCodes(Soap.parse(refused.xml()))).containsExactly("XDSUnknownPatientId");

        assertThat(countFiles(documents)).isEqualTo(before);
        assertThat(Soap.errorCodes(Soap.parse(retrieve(REPOSITORY, stranger.getUniqueId()).xml())))
                .containsExactly("XDSDocumentUniqueIdError");
    }

    @Test
    void metadataWithoutDocumentAndDocumentWithoutMetadataAreRefused() throws Exception {
        var entry = entry(null);
        var ss = XdsMessages.submissionSet(resident);
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new Document(entry, new DataHandler("<doc/>", "text/xml")));
        request.getAssociations().add(XdsMessages.hasMember(ss.getEntryUuid(), entry.getEntryUuid()));
        var body = Mtom.marshal(new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30())
                .toEbXML(request).getInternal());
        var document = java.util.regex.Pattern.compile("<(\\w+:)?Document id=\"[^\"]*\">.*?</(\\w+:)?Document>",
                java.util.regex.Pattern.DOTALL);

        // the document entry, but no document
        var noDocument = document.matcher(body.getKey()).replaceAll("");
        var missing = Mtom.post(engine, "xds-iti41", PROVIDE, noDocument, Map.of());
        assertThat(Soap.errorCodes(Soap.parse(missing.xml()))).contains("XDSMissingDocument");

        // a second document that no document entry describes
        var m = document.matcher(body.getKey());
        assertThat(m.find()).isTrue();
        var orphan = m.group().replaceFirst("id=\"[^\"]*\"", "id=\"urn:uuid:00000000-0000-0000-0000-000000000001\"");
        var extra = body.getKey().replace(m.group(), m.group() + orphan);
        var unexplained = Mtom.post(engine, "xds-iti41", PROVIDE, extra, body.getValue());
        assertThat(Soap.errorCodes(Soap.parse(unexplained.xml()))).contains("XDSMissingDocumentMetadata");

        assertThat(Soap.errorCodes(Soap.parse(retrieve(REPOSITORY, entry.getUniqueId()).xml())))
                .containsExactly("XDSDocumentUniqueIdError");
    }

    private static long countFiles(java.nio.file.Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
