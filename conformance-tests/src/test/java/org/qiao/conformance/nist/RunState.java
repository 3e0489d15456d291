package org.qiao.conformance.nist;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one run shares across tests: the section logs (the toolkit's log.xml files, read by UseId and
 * UseReport, also across tests), the id allocators, the patient ids of the run and the documents submitted.
 *
 * <p>Patient ids follow the toolkit's registry orchestration: three ids are fed by the set-up tests,
 * 15817 (register tests), 15817b (the alternate id) and 15818 (stored query tests). Every test runs with a
 * "session" patient id, the toolkit's {@code $patientid$} parameter: 12346 with the 15818 id, 12374 with the
 * 15817b id (it must differ from 12346's), all others with the 15817 id.
 */
public final class RunState {

    public final Testkit testkit;
    public final OidAllocator oids;
    public final PatientIds patients;
    public final String registerPid;
    public final String registerAltPid;
    public final String sqPid;
    public final String repositoryUniqueId;
    private final Map<String, SectionLog> logs = new LinkedHashMap<>();
    private final Map<String, String> sessionPids = new HashMap<>();
    private final Map<String, SubmittedDocument> documents = new HashMap<>();

    /** A document sent in a Provide and Register, by its DocumentEntry.uniqueId. */
    public record SubmittedDocument(String uniqueId, String mimeType, byte[] content, String source) {
    }

    public RunState(Testkit testkit, OidAllocator oids, PatientIds patients, String repositoryUniqueId) {
        this.testkit = testkit;
        this.oids = oids;
        this.patients = patients;
        this.registerPid = patients.next();
        this.registerAltPid = patients.next();
        this.sqPid = patients.next();
        this.repositoryUniqueId = repositoryUniqueId;
    }

    /** The {@code $patientid$} a test starts with. */
    public String initialPatientId(String testId) {
        return switch (Testkit.patientFeedOf(testId)) {
            case "15817b" -> registerAltPid;
            case "15818" -> sqPid;
            default -> registerPid;
        };
    }

    public String sessionPatientId(String testId) {
        return sessionPids.computeIfAbsent(testId, this::initialPatientId);
    }

    public void setSessionPatientId(String testId, String pid) {
        sessionPids.put(testId, pid);
    }

    public SectionLog newSectionLog(String testId, String section) {
        var log = new SectionLog(testId, section);
        logs.put(testId + "/" + section, log);
        return log;
    }

    public SectionLog log(String testId, String section) {
        return logs.get(testId + "/" + section);
    }

    public void submitted(SubmittedDocument document) {
        documents.put(document.uniqueId(), document);
    }

    public SubmittedDocument document(String uniqueId) {
        return documents.get(uniqueId);
    }
}
