package org.qiao.translation;

import jakarta.activation.DataHandler;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.PatientInfo;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.qiao.outbox.OutboxDelivery;
import org.qiao.outbox.OutboxMessage;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.registry.DocumentRegistry;
import org.qiao.repository.DocumentRepository;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a queued ORU^R01 into a CDA laboratory or exam report, an MDM^T02 into a CDA document around the
 * hospital's content, an ADT^A03 into a CDA discharge summary, in the resident's shared record. Steps, for one
 * outbox message (retried by the outbox until they succeed):
 * <ol>
 *   <li>the document uniqueId is derived from the outbox message, so a retry after a crash finds the document
 *       it already registered and stops there: exactly once;</li>
 *   <li>the hospital's patient id (PID-3, its domain from CX-4 or the channel) is mapped to the regional id
 *       through the PIX Manager; an unknown patient is a permanent failure (dead letter, replayable);</li>
 *   <li>the CDA is written with the region's header profile ({@link CdaHeader}) and checked against the CDA R2
 *       schema ({@link CdaSchema}): a document the schema refuses is a permanent failure (dead letter, with
 *       the schema's reason);</li>
 *   <li>it is provided to the repository in-process, with XDS metadata from the channel and the kind;</li>
 *   <li>a corrected result (OBR-25 = C) replaces the approved report of the same order (RPLC).</li>
 * </ol>
 */
public class LabResultTranslation implements OutboxDelivery.Transport {

    private final Map<String, ResultChannel> channels;
    private final PixManager pix;
    private final IdentityDomains domains;
    private final DocumentRepository repository;
    private final DocumentRegistry registry;
    private final String documentOidRoot;
    private final CdaHeader header;

    public LabResultTranslation(Map<String, ResultChannel> channels, PixManager pix, IdentityDomains domains,
                                DocumentRepository repository, DocumentRegistry registry, String documentOidRoot,
                                CdaHeader header) {
        this.header = header;
        this.channels = channels;
        this.pix = pix;
        this.domains = domains;
        this.repository = repository;
        this.registry = registry;
        this.documentOidRoot = documentOidRoot;
    }

    @Override
    public String send(OutboxMessage message) throws Exception {
        var uniqueId = documentOidRoot + "." + message.id();
        if (!find(uniqueId).isEmpty()) {
            return "already registered as " + uniqueId;
        }
        if (InboundResults.NOTE.equals(message.kind())) {
            return sendNote(MdmParser.parse(message.payload()), uniqueId);
        }
        if (InboundResults.DISCHARGE.equals(message.kind())) {
            return sendDischarge(AdtParser.parse(message.payload()), uniqueId);
        }
        var exam = InboundResults.EXAM.equals(message.kind());
        var report = OruParser.parse(message.payload());
        var channel = channel(report.sendingApplication(), report.sendingFacility());
        var local = localIdentifier(report.patientIdentifiers().get(0), channel);
        var regional = regional(local);
        var affinity = domains.affinityDomain();
        var localDomain = domains.byCode(local.domain()).orElseThrow();
        var now = ZonedDateTime.now(ZoneOffset.UTC);
        var context = new LabReportCda.Context(uniqueId, regional.value(), affinity.oid(),
                local.value(), localDomain.oid(), channel.facilityOid(), channel.facilityName(), now, header);
        var cda = exam ? ExamReportCda.write(report, context) : LabReportCda.write(report, context);

        var patientId = new Identifiable(regional.value(), new AssigningAuthority(affinity.oid(), "ISO"));
        var entry = documentEntry(report, channel, uniqueId, patientId,
                new Identifiable(local.value(), new AssigningAuthority(localDomain.oid(), "ISO")));
        if (exam) {
            entry.setClassCode(new Code("RAD-01", new LocalizedString("检查报告"), "2.16.156.10011.2.3.1.211"));
            entry.setTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), "2.16.840.1.113883.6.1"));
            entry.setFormatCode(new Code("urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013",
                    new LocalizedString("Imaging report with structured headings"), "1.3.6.1.4.1.19376.1.2.3"));
            entry.setTitle(new LocalizedString("检查报告" + (report.serviceText() == null ? "" : "：" + report.serviceText())));
        }
        var ss = submissionSet(channel, patientId, uniqueId, exam
                ? new Code("RAD", new LocalizedString("影像检查"), "2.16.156.10011.2.3.9")
                : new Code("LAB", new LocalizedString("检验"), "2.16.156.10011.2.3.9"));
        var request = request(ss, entry, cda);
        if (report.corrected()) {
            for (var earlier : earlierReports(report, patientId, entry)) {
                request.getAssociations().add(new Association(AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(),
                        entry.getEntryUuid(), earlier.getEntryUuid()));
            }
        }
        provide(request);
        return "registered " + uniqueId + " for " + regional.value();
    }

    /**
     * A clinical note (MDM^T02): the same steps, with the hospital's content as the CDA body and metadata by
     * document type (discharge summary or other note) and content (PDF or text).
     */
    private String sendNote(ClinicalNote note, String uniqueId) throws Exception {
        var channel = channel(note.sendingApplication(), note.sendingFacility());
        var local = localIdentifier(note.patientIdentifier(), channel);
        var regional = regional(local);
        var affinity = domains.affinityDomain();
        var localDomain = domains.byCode(local.domain()).orElseThrow();
        var cda = ClinicalNoteCda.write(note, new LabReportCda.Context(uniqueId, regional.value(), affinity.oid(),
                local.value(), localDomain.oid(), channel.facilityOid(), channel.facilityName(),
                ZonedDateTime.now(ZoneOffset.UTC), header));
        var patientId = new Identifiable(regional.value(), new AssigningAuthority(affinity.oid(), "ISO"));
        var sourcePatientId = new Identifiable(local.value(), new AssigningAuthority(localDomain.oid(), "ISO"));
        var d = entry(channel, uniqueId, patientId, sourcePatientId);
        d.setClassCode(note.dischargeSummary()
                ? new Code("DIS-01", new LocalizedString("出院小结"), "2.16.156.10011.2.3.1.211")
                : new Code("EMR-01", new LocalizedString("病历"), "2.16.156.10011.2.3.1.211"));
        d.setTypeCode(note.dischargeSummary()
                ? new Code("18842-5", new LocalizedString("Discharge summary"), "2.16.840.1.113883.6.1")
                : new Code("11506-3", new LocalizedString("Progress note"), "2.16.840.1.113883.6.1"));
        d.setFormatCode(note.base64() != null && "application/pdf".equals(note.mediaType())
                ? new Code("urn:ihe:iti:xds-sd:pdf:2008", new LocalizedString("Scanned PDF"), "1.3.6.1.4.1.19376.1.2.3")
                : new Code("urn:ihe:iti:xds-sd:text:2008", new LocalizedString("Scanned text"), "1.3.6.1.4.1.19376.1.2.3"));
        d.setTitle(new LocalizedString(note.dischargeSummary() ? "出院小结" : "临床文档"));
        if (note.documentNumber() != null) {
            d.getReferenceIdList().add(new ReferenceId(note.documentNumber().replaceAll("[^A-Za-z0-9._-]", "_"), null,
                    ReferenceId.ID_TYPE_CODE_UNIQUE_ID));
        }
        var ss = submissionSet(channel, patientId, uniqueId,
                new Code("IP", new LocalizedString("住院"), "2.16.156.10011.2.3.9"));
        provide(request(ss, d, cda));
        return "registered " + uniqueId + " for " + regional.value();
    }

    /**
     * A discharge (ADT^A03): the same steps, a structured discharge summary from PV1, DG1 and PR1; the stay's
     * admission and discharge become serviceStartTime and serviceStopTime.
     */
    private String sendDischarge(Discharge discharge, String uniqueId) throws Exception {
        var channel = channel(discharge.sendingApplication(), discharge.sendingFacility());
        var local = localIdentifier(discharge.patientIdentifier(), channel);
        var regional = regional(local);
        var affinity = domains.affinityDomain();
        var localDomain = domains.byCode(local.domain()).orElseThrow();
        var cda = DischargeSummaryCda.write(discharge, new LabReportCda.Context(uniqueId, regional.value(),
                affinity.oid(), local.value(), localDomain.oid(), channel.facilityOid(), channel.facilityName(),
                ZonedDateTime.now(ZoneOffset.UTC), header));
        var patientId = new Identifiable(regional.value(), new AssigningAuthority(affinity.oid(), "ISO"));
        var d = entry(channel, uniqueId, patientId, new Identifiable(local.value(),
                new AssigningAuthority(localDomain.oid(), "ISO")));
        d.setClassCode(new Code("DIS-01", new LocalizedString("出院小结"), "2.16.156.10011.2.3.1.211"));
        d.setTypeCode(new Code("18842-5", new LocalizedString("Discharge summary"), "2.16.840.1.113883.6.1"));
        d.setFormatCode(new Code("urn:ihe:pcc:xds-ms:2007", new LocalizedString("Medical Summary"), "1.3.6.1.4.1.19376.1.2.3"));
        d.setTitle(new LocalizedString("出院小结"));
        if (discharge.admitted() != null && discharge.admitted().matches("\\d{8,14}.*")) {
            d.setServiceStartTime(discharge.admitted().replaceAll("[^0-9].*", ""));
        }
        if (discharge.discharged().matches("\\d{8,14}.*")) {
            d.setServiceStopTime(discharge.discharged().replaceAll("[^0-9].*", ""));
        }
        if (discharge.visitNumber() != null) {
            d.getReferenceIdList().add(new ReferenceId(discharge.visitNumber().replaceAll("[^A-Za-z0-9._-]", "_"), null,
                    ReferenceId.ID_TYPE_ENCOUNTER_ID));
        }
        var ss = submissionSet(channel, patientId, uniqueId,
                new Code("IP", new LocalizedString("住院"), "2.16.156.10011.2.3.9"));
        provide(request(ss, d, cda));
        return "registered " + uniqueId + " for " + regional.value();
    }

    private ResultChannel channel(String application, String facility) throws OutboxDelivery.PermanentFailure {
        var channel = channels.get(application + "^" + facility);
        if (channel == null) {
            throw new OutboxDelivery.PermanentFailure("No result channel for " + application + "^" + facility);
        }
        return channel;
    }

    private Identifier regional(Identifier local) throws OutboxDelivery.PermanentFailure {
        return pix.crossReferences(local).flatMap(ids -> ids.stream()
                        .filter(id -> id.domain().equals(domains.affinityDomain().code())).findFirst())
                .orElseThrow(() -> new OutboxDelivery.PermanentFailure("Unknown patient " + local
                        + ": feed the patient (ITI-8), then replay this message"));
    }

    private SubmissionSet submissionSet(ResultChannel channel, Identifiable patientId, String uniqueId, Code contentType) {
        var ss = new SubmissionSet();
        ss.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        ss.setUniqueId(uniqueId + ".0");
        ss.setSourceId(channel.facilityOid());
        ss.setPatientId(patientId);
        ss.setSubmissionTime(Timestamp.now());
        ss.setContentTypeCode(contentType);
        ss.getAuthors().add(author(channel));
        return ss;
    }

    private void provide(ProvideAndRegisterDocumentSet request) throws OutboxDelivery.PermanentFailure {
        var response = repository.provideAndRegister(request);
        if (response.getStatus() != Status.SUCCESS) {
            var error = response.getErrors().isEmpty() ? "" : response.getErrors().get(0).getErrorCode().getOpcode()
                    + ": " + response.getErrors().get(0).getCodeContext();
            throw new OutboxDelivery.PermanentFailure("The repository refused the document: " + error);
        }
    }

    private Identifier localIdentifier(String patientCx, ResultChannel channel) {
        return channel.patientIdentifier(patientCx, domains);
    }

    private DocumentEntry documentEntry(LabReport report, ResultChannel channel, String uniqueId,
                                        Identifiable patientId, Identifiable sourcePatientId) {
        var d = entry(channel, uniqueId, patientId, sourcePatientId);
        d.setClassCode(new Code("LAB-01", new LocalizedString("检验报告"), "2.16.156.10011.2.3.1.211"));
        d.setTypeCode(new Code("11502-2", new LocalizedString("Laboratory report"), "2.16.840.1.113883.6.1"));
        d.setFormatCode(new Code("urn:ihe:lab:xd-lab:2008", new LocalizedString("XD-LAB"), "1.3.6.1.4.1.19376.1.2.3"));
        if (report.observationTime() != null && report.observationTime().matches("\\d{8,14}.*")) {
            d.setServiceStartTime(report.observationTime().replaceAll("[^0-9].*", ""));
        }
        d.setTitle(new LocalizedString("检验报告" + (report.serviceText() == null ? "" : "：" + report.serviceText())));
        d.getReferenceIdList().add(new ReferenceId(orderReference(report), null, ReferenceId.ID_TYPE_CODE_ORDER));
        return d;
    }

    /** What every generated document entry has: ids, patient, the channel's facility codes, CDA in zh-CN. */
    private static DocumentEntry entry(ResultChannel channel, String uniqueId, Identifiable patientId,
                                       Identifiable sourcePatientId) {
        var d = new DocumentEntry();
        d.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        d.setUniqueId(uniqueId);
        d.setPatientId(patientId);
        d.setSourcePatientId(sourcePatientId);
        var info = new PatientInfo();
        info.getIds().add(sourcePatientId);
        d.setSourcePatientInfo(info);
        d.setHealthcareFacilityTypeCode(Code.parse(channel.facilityTypeCode()));
        d.setPracticeSettingCode(Code.parse(channel.practiceSettingCode()));
        d.getConfidentialityCodes().add(new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"));
        d.setLanguageCode("zh-CN");
        d.setMimeType("text/xml");
        d.setCreationTime(Timestamp.now());
        d.getAuthors().add(author(channel));
        return d;
    }

    /** A submission of one CDA document, linked to its submission set as an original; only schema-valid CDA. */
    private static ProvideAndRegisterDocumentSet request(SubmissionSet ss, DocumentEntry entry, String cda)
            throws OutboxDelivery.PermanentFailure {
        var problem = CdaSchema.problem(cda);
        if (problem.isPresent()) {
            throw new OutboxDelivery.PermanentFailure("The generated CDA is not schema-valid (CDA R2), so it is not "
                    + "registered: " + problem.get());
        }
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new Document(entry, new DataHandler(
                new String(cda.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), "text/xml")));
        var member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(), ss.getEntryUuid(),
                entry.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        request.getAssociations().add(member);
        return request;
    }

    private static Author author(ResultChannel channel) {
        var a = new Author();
        a.getAuthorInstitution().add(new Organization(channel.facilityName(), channel.facilityOid(), null));
        return a;
    }

    /** The order as a referenceIdList value, so a corrected result finds the report it replaces. */
    private static String orderReference(LabReport report) {
        return report.orderKey().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private List<DocumentEntry> earlierReports(LabReport report, Identifiable patientId, DocumentEntry entry) {
        var q = new FindDocumentsByReferenceIdQuery();
        q.setPatientId(patientId);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var ids = new QueryList<ReferenceId>();
        ids.getOuterList().add(List.of(new ReferenceId(orderReference(report), null, ReferenceId.ID_TYPE_CODE_ORDER)));
        q.setTypedReferenceIds(ids);
        var found = registry.storedQuery(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        return found.getDocumentEntries().stream().filter(d -> !d.getUniqueId().equals(entry.getUniqueId())).toList();
    }

    private List<DocumentEntry> find(String uniqueId) {
        var q = new GetDocumentsQuery();
        q.setUniqueIds(List.of(uniqueId));
        return registry.storedQuery(new QueryRegistry(q, QueryReturnType.LEAF_CLASS)).getDocumentEntries();
    }
}
