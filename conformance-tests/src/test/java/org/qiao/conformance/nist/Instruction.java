package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction element of a test step ({@code <RegisterTransaction>}, {@code <StoredQueryTransaction>}, ...)
 * with the instructions inside it, as the NIST test engine reads them.
 *
 * @param metadataFile      {@code <MetadataFile>}: the message body, relative to the section folder
 * @param assignUuids       {@code <AssignUuids/>}: symbolic ids become {@code urn:uuid:} values
 * @param uuidExclusions    {@code <AssignUuids><Exclude value=.../>}: identification schemes whose uniqueIds are kept
 * @param assignUids        false for {@code <NoAssignUids/>} without an id
 * @param noAssignUidTo     {@code <NoAssignUids id="X"/>}: object X keeps its uniqueId, the others get fresh ones
 * @param noPatientId       {@code <NoPatientId/>}: the patient id is not forced into the metadata
 * @param parseMetadata     false for {@code <ParseMetadata>False</ParseMetadata>}: the body is sent as written
 * @param createNewPatientId {@code <CreateNewPatientId/>} of a patient identity feed
 * @param documents         {@code <Document id=...>file</Document>} of a Provide and Register, in order
 * @param referenceDocuments {@code <ReferenceDocument uid=...>file</ReferenceDocument>} of a Retrieve
 * @param unsupported       instruction elements this runner does not implement (reported, never ignored silently)
 */
public record Instruction(
        TransactionKind kind,
        Element element,
        String metadataFile,
        boolean assignUuids,
        Set<String> uuidExclusions,
        boolean assignUids,
        String noAssignUidTo,
        boolean noPatientId,
        boolean parseMetadata,
        boolean createNewPatientId,
        List<UseId> useIds,
        List<UseReport> useReports,
        List<ReportSpec> reports,
        Map<String, String> documents,
        Map<String, String> referenceDocuments,
        ReferenceMetadata referenceMetadata,
        String expectedMimeType,
        Element expectedContents,
        List<Assert> assertions,
        int waitBeforeMillis,
        List<String> unsupported) {

    /** {@code <UseId testdir=".." id=".." step=".." section="AssignedUuids" symbol="$x$"/>}. */
    public record UseId(String testdir, String id, String step, String section, String symbol) {
    }

    /** {@code <UseReport test=".." section=".." step=".." reportName=".." useAs=".."/>}; test null = this test. */
    public record UseReport(String test, String section, String step, String reportName, String useAs) {
    }

    /** {@code <Report name=".." section="InputMetadata|Result">xpath</Report>}. */
    public record ReportSpec(String name, String section, String xpath) {
    }

    /** {@code <Assert id="..">xpath</Assert>} of an {@code <Assertions>} block. */
    public record Assert(String id, String xpath) {
    }

    /** {@code <ReferenceMetadata testdir=".." step=".."/>}: the query whose result describes retrieved documents. */
    public record ReferenceMetadata(String testdir, String step) {
    }
}
