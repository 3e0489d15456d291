package org.qiao.conformance.nist;

import org.w3c.dom.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.qiao.conformance.nist.Xml.attr;
import static org.qiao.conformance.nist.Xml.children;
import static org.qiao.conformance.nist.Xml.text;

/**
 * Reads a test folder (index.idx, testplan.xml per section) into {@link TestDefinition}s. Every element the
 * NIST engine would act on is either read into the model or listed as unsupported, so nothing is skipped
 * without a trace in the report.
 */
public final class TestkitReader {

    /** Step children that only document the test. */
    private static final Set<String> STEP_DOCUMENTATION = Set.of("Goal", "Rule", "Standard");

    private TestkitReader() {
    }

    public static TestDefinition read(Path testDir) {
        var id = testDir.getFileName().toString();
        var sections = new ArrayList<SectionDefinition>();
        for (var name : lines(testDir.resolve("index.idx"))) {
            var dir = testDir.resolve(name);
            if (!Files.isRegularFile(dir.resolve("testplan.xml"))) {
                throw new IllegalStateException("Test " + id + ": section " + name + " has no testplan.xml");
            }
            sections.add(readSection(id, name, dir));
        }
        var readme = Files.exists(testDir.resolve("readme.txt")) ? string(testDir.resolve("readme.txt")).trim() : "";
        var collections = Files.exists(testDir.resolve("collections.txt"))
                ? lines(testDir.resolve("collections.txt")).stream()
                        .flatMap(l -> Arrays.stream(l.split("\\s+"))).filter(s -> !s.isBlank()).toList()
                : List.<String>of();
        return new TestDefinition(id, testDir, readme, collections, List.copyOf(sections));
    }

    static SectionDefinition readSection(String testId, String name, Path dir) {
        var plan = Xml.parse(dir.resolve("testplan.xml")).getDocumentElement();
        var steps = children(plan, "TestStep").stream().map(TestkitReader::readStep).toList();
        return new SectionDefinition(testId, name, dir, steps);
    }

    static StepDefinition readStep(Element step) {
        var statuses = new ArrayList<String>();
        String errorCode = null;
        String errorMessage = null;
        boolean newPid = false;
        boolean altPid = false;
        Instruction instruction = null;
        var unsupported = new ArrayList<String>();
        for (var e : children(step)) {
            var name = e.getLocalName();
            switch (name) {
                case "ExpectedStatus" -> Arrays.stream(text(e).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).forEach(statuses::add);
                case "ExpectedErrorCode" -> errorCode = text(e);
                case "ExpectedErrorMessage" -> errorMessage = text(e);
                case "NewPatientId" -> newPid = true;
                case "AltPatientId" -> altPid = true;
                default -> {
                    if (STEP_DOCUMENTATION.contains(name)) {
                        continue;
                    }
                    var kind = TransactionKind.ofElement(name);
                    if (kind.isEmpty()) {
                        unsupported.add(name);
                    } else if (instruction != null) {
                        unsupported.add("second transaction " + name);
                    } else {
                        instruction = readInstruction(kind.get(), e);
                    }
                }
            }
        }
        return new StepDefinition(attr(step, "id"), List.copyOf(statuses), errorCode, errorMessage, newPid, altPid,
                instruction, List.copyOf(unsupported));
    }

    static Instruction readInstruction(TransactionKind kind, Element e) {
        var b = new Builder(kind);
        for (var part : children(e)) {
            b.read(part);
        }
        return b.build(e);
    }

    /** Collects the parts of one transaction element. */
    private static final class Builder {
        final TransactionKind kind;
        String metadataFile;
        boolean assignUuids;
        final Set<String> exclusions = new LinkedHashSet<>();
        boolean assignUids = true;
        String noAssignUidTo;
        boolean noPatientId;
        boolean parseMetadata = true;
        boolean createNewPatientId;
        final List<Instruction.UseId> useIds = new ArrayList<>();
        final List<Instruction.UseReport> useReports = new ArrayList<>();
        final List<Instruction.ReportSpec> reports = new ArrayList<>();
        final Map<String, String> documents = new LinkedHashMap<>();
        final Map<String, String> referenceDocuments = new LinkedHashMap<>();
        Instruction.ReferenceMetadata referenceMetadata;
        String expectedMimeType;
        Element expectedContents;
        final List<Instruction.Assert> assertions = new ArrayList<>();
        int waitBefore;
        final List<String> unsupported = new ArrayList<>();

        Builder(TransactionKind kind) {
            this.kind = kind;
        }

        void read(Element part) {
            switch (part.getLocalName()) {
                // XDSb selects XDS.b (SOAP 1.2, WS-Addressing): the only mode this runner has
                case "XDSb", "SOAP12" -> { }
                // documentation of the toolkit's own simulator sequencing; the engine ignores it too
                case "InteractionSequence" -> { }
                // the step sends no message body; the feed needs none
                case "NoMetadata" -> { }
                case "MetadataFile" -> metadataFile = text(part);
                case "AssignUuids" -> {
                    assignUuids = true;
                    children(part, "Exclude").forEach(x -> exclusions.add(attr(x, "value")));
                }
                case "NoAssignUids" -> {
                    var id = attr(part, "id");
                    if (id == null || id.isBlank()) {
                        assignUids = false;
                    } else {
                        noAssignUidTo = id;
                    }
                }
                case "NoPatientId" -> noPatientId = true;
                case "ParseMetadata" -> parseMetadata = !"False".equals(text(part));
                case "CreateNewPatientId" -> createNewPatientId = true;
                case "UseId" -> useIds.add(useId(part));
                case "UseReport" -> useReports.add(new Instruction.UseReport(blankToNull(attr(part, "test")),
                        attr(part, "section"), attr(part, "step"), attr(part, "reportName"), attr(part, "useAs")));
                case "Report" -> reports.add(new Instruction.ReportSpec(attr(part, "name"), attr(part, "section"),
                        text(part)));
                case "Document" -> documents.put(attr(part, "id"), text(part));
                case "ReferenceDocument" -> referenceDocuments.put(attr(part, "uid"), text(part));
                case "ReferenceMetadata" -> referenceMetadata = new Instruction.ReferenceMetadata(
                        attr(part, "testdir"), attr(part, "step"));
                case "ExpectedMimeType" -> expectedMimeType = text(part);
                case "ExpectedContents" -> expectedContents = part;
                case "Assertions" -> readAssertions(part);
                case "WaitBefore" -> waitBefore = Integer.parseInt(text(part));
                default -> unsupported.add(part.getLocalName());
            }
        }

        void readAssertions(Element assertionsElement) {
            for (var a : children(assertionsElement)) {
                switch (a.getLocalName()) {
                    case "Assert" -> {
                        if (attr(a, "process") != null || Xml.child(a, "Validations").isPresent()) {
                            unsupported.add("Assert " + attr(a, "id") + " with a process/Validations plug-in");
                        } else {
                            assertions.add(new Instruction.Assert(attr(a, "id"), a.getTextContent()));
                        }
                    }
                    case "DataRef" -> {
                        if (!"THIS".equals(attr(a, "file"))) {
                            unsupported.add("DataRef file=" + attr(a, "file"));
                        }
                    }
                    default -> unsupported.add("Assertions/" + a.getLocalName());
                }
            }
        }

        Instruction build(Element source) {
            return new Instruction(kind, source, metadataFile, assignUuids, Set.copyOf(exclusions), assignUids,
                    noAssignUidTo, noPatientId, parseMetadata, createNewPatientId, List.copyOf(useIds),
                    List.copyOf(useReports), List.copyOf(reports), ordered(documents),
                    ordered(referenceDocuments), referenceMetadata, expectedMimeType,
                    expectedContents, List.copyOf(assertions), waitBefore, List.copyOf(unsupported));
        }
    }

    static Instruction.UseId useId(Element e) {
        return new Instruction.UseId(blankToNull(attr(e, "testdir")), attr(e, "id"), attr(e, "step"),
                attr(e, "section"), attr(e, "symbol"));
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<String> lines(Path file) {
        return string(file).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static String string(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
