package org.qiao.conformance.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.activation.DataHandler;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.qiao.conformance.security.Hl7Mutator.Kind;
import org.qiao.conformance.security.Hl7Mutator.Mutant;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.qiao.conformance.support.Mtom;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing at the wire: mutated HL7 v2 messages on the MLLP port and a corpus of malformed SOAP/MTOM requests
 * on the XDS doors. The engine must answer each with a proper error (or close the connection cleanly), never
 * hang, never show a stack trace, keep serving good traffic meanwhile, and leave a baseline of stored data
 * exactly as it was. Counts go to a Markdown report.
 * <p>
 * System properties: {@code qiao.fuzz.count} (HL7 mutants, default 3000), {@code qiao.fuzz.seed},
 * {@code qiao.fuzz.soap-count} (mutants of a valid ITI-41 and of a valid ITI-18 request, each),
 * {@code qiao.fuzz.connections}, {@code qiao.fuzz.probe-every}, {@code qiao.fuzz.report} (report path).
 * The full run (100 000 messages) is bench/fuzz/run.
 */
class FuzzTest extends EngineTestSupport {

    static final long COUNT = Long.getLong("qiao.fuzz.count", 3000);
    static final long SEED = Long.getLong("qiao.fuzz.seed", 20261125L);
    static final int CONNECTIONS = Integer.getInteger("qiao.fuzz.connections", 4);
    static final int PROBE_EVERY = Integer.getInteger("qiao.fuzz.probe-every", 200);
    static final int SOAP_MUTANTS = Integer.getInteger("qiao.fuzz.soap-count", 100);
    static final int HL7_TIMEOUT_MS = 10_000;
    /** Answers slower than this are listed among the anomalies (not counted as problems). */
    static final int SLOW_MS = 3_000;
    static final int SOAP_TIMEOUT_MS = 30_000;
    /** An entity expansion bomb must be refused at least this fast. */
    static final int BOMB_MAX_MS = 5_000;
    static final int BASELINE_PATIENTS = 20;

    static final String REPOSITORY = "2.16.156.10011.0.99.3.1";
    static final String REGIONAL_OID = "2.16.156.10011.0.99.1";
    static final String PROVIDE = "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b";
    static final String REGISTER = "urn:ihe:iti:2007:RegisterDocumentSet-b";
    static final String QUERY = "urn:ihe:iti:2007:RegistryStoredQuery";
    static final String RETRIEVE = "urn:ihe:iti:2007:RetrieveDocumentSet";

    /** Shapes of a Java stack trace; an error text may say "invalid", not these. */
    static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |\\bat (?:java|javax|jdk|sun|org|com|ca|io|net)\\.[\\w$.]{1,300}\\(|Caused by:");

    /** A fully qualified Java class name (lower-case packages, then a class), as in a stack frame or a signature. */
    static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:org|com|java|javax|jakarta|ca|io|net|sun|jdk)\\.(?:[a-z_][\\w$]{0,40}\\.){1,12}[A-Z][\\w$]{0,80}");

    /** ebRS 3.0 error codes (urn:oasis:names:tc:ebxml-regrep:errorcode:…): vocabulary of the standard, not Java. */
    static final java.util.Set<String> EBRS_ERROR_CODES = java.util.Set.of("AuthenticationException",
            "AuthorizationException", "InvalidRequestException", "InvalidQueryException", "ObjectExistsException",
            "ObjectNotFoundException", "QuotaExceededException", "ReferencesExistException", "RegistryException",
            "TimeoutException", "UnresolvedReferenceException", "UnsupportedCapabilityException");

    /** The name of a Java exception class in a text (…Exception), or null. Linear: answers can be megabytes. */
    static String exceptionName(String text) {
        int at = text.indexOf("Exception");
        while (at >= 0) {
            int end = at + "Exception".length();
            if (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
                int start = at;
                while (start > 0 && at - start < 120 && (Character.isJavaIdentifierPart(text.charAt(start - 1))
                        || text.charAt(start - 1) == '.')) {
                    start--;
                }
                var name = text.substring(start, end);
                if (!EBRS_ERROR_CODES.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    return name;
                }
            }
            at = text.indexOf("Exception", end);
        }
        return null;
    }

    /** A stack trace or an exception name in an answer, described, or null. */
    static String leak(String text) {
        var m = STACK_TRACE.matcher(text);
        if (m.find()) {
            return "stack trace: …" + text.substring(Math.max(0, m.start() - 80), Math.min(text.length(), m.end() + 120))
                    .replace("\n", " ").replace("\r", " ") + "…";
        }
        var name = exceptionName(text);
        if (name != null) {
            return "exception name " + name;
        }
        var c = CLASS_NAME.matcher(text);
        return c.find() ? "Java class name " + c.group() : null;
    }

    enum Outcome { AA, AE, AR, OTHER_ACK, NO_MSA, CLOSED, TIMEOUT }

    /** The problems found; the test fails at the end, after the report is written, if there are any. */
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    // ================================================================================================ test

    @Test
    void theEngineSurvivesMutatedHl7AndMalformedSoapWithItsDataUnchanged() throws Exception {
        var report = new StringBuilder();
        var started = System.nanoTime();

        var baseline = createBaseline();
        var before = snapshotAndRemember(baseline);
        assertThat(before.document()).as("baseline document retrieved").isEqualTo(baseline.document());
        assertThat(before.entries()).as("baseline FindDocuments").hasSize(2);
        assertThat(before.pix().values()).allSatisfy(p -> assertThat(p.get(0)).isEqualTo("MSA=AA QAK=OK"));
        assertThat(before.patients().values()).doesNotContainNull();

        var mutator = new Hl7Mutator(SEED, Hl7Mutator.seeds(Engine.repo().resolve("samples/hl7")));
        var seedAnswers = sendSeeds(mutator);
        var hl7 = new Hl7Run(mutator, baseline);
        hl7.run();

        var soap = new SoapRun(baseline);
        soap.run();

        // ---- the end state
        var alive = engine.alive();
        if (!alive) {
            problems.add("engine process died:\n" + engine.logTail());
        }
        var health = alive ? health() : "DOWN (process gone)";
        if (!"UP".equals(health)) {
            problems.add("health at the end: " + health);
        }
        Snapshot after = null;
        List<String> differences = List.of("not compared: engine gone");
        if (alive) {
            after = snapshot(baseline);
            differences = before.differences(after);
            problems.addAll(differences.stream().map(d -> "baseline changed: " + d).toList());
            for (var good : hl7.goodIds) {
                if (admin.patient("clinic-c-mrn", good) == null) {
                    problems.add("good-traffic patient " + good + " acknowledged AA but not stored");
                }
            }
        }

        writeReport(report, mutator, seedAnswers, hl7, soap, baseline, differences, alive, health,
                (System.nanoTime() - started) / 1_000_000_000);
        var path = reportPath();
        Files.createDirectories(path.getParent());
        Files.writeString(path, report);
        System.out.println("Fuzz report: " + path);

        assertThat(problems).as("fuzz problems (report: " + path + ")").isEmpty();
        assertThat(hl7.total(Outcome.TIMEOUT)).isZero();
        assertThat(hl7.stackTraces.get()).isZero();
        assertThat(hl7.errMissing.get()).isZero();
        assertThat(alive).isTrue();
        assertThat(differences).isEmpty();
    }

    static Path reportPath() {
        var explicit = System.getProperty("qiao.fuzz.report");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        return Engine.repo().resolve("conformance-tests/target/fuzz-report-" + System.getProperty("qiao.test.db", "h2")
                + ".md");
    }

    // ================================================================================================ baseline

    /** The residents and the document the fuzzing must not change. */
    record Baseline(List<String> ids, Map<String, String> regional, Identifiable documentPatient, String documentId,
                    byte[] document, Identifiable fuzzPatient) {
    }

    /** What is compared before and after. */
    record Snapshot(Map<String, JsonNode> patients, Map<String, List<String>> pix, byte[] document, List<String> entries) {
        List<String> differences(Snapshot after) {
            var out = new ArrayList<String>();
            for (var id : patients.keySet()) {
                if (!patients.get(id).equals(after.patients.get(id))) {
                    out.add("patient " + id + ": " + patients.get(id) + " → " + after.patients.get(id));
                }
                if (!pix.get(id).equals(after.pix.get(id))) {
                    out.add("PIX answer for " + id + ": " + pix.get(id) + " → " + after.pix.get(id));
                }
            }
            if (!Arrays.equals(document, after.document)) {
                out.add("document bytes: " + (document == null ? -1 : document.length) + " → "
                        + (after.document == null ? -1 : after.document.length) + " bytes");
            }
            if (!entries.equals(after.entries)) {
                out.add("FindDocuments: " + entries + " → " + after.entries);
            }
            return out;
        }
    }

    private Baseline createBaseline() throws Exception {
        var ids = new ArrayList<String>();
        var regional = new LinkedHashMap<String, String>();
        try (var c = new Conn(engine.mllpPort)) {
            for (int i = 1; i <= BASELINE_PATIENTS; i++) {
                var id = String.format("BASE-%04d", i);
                var r = c.exchange(Hl7.adt("A01", Hl7.controlId(), id + "^^^" + Hl7.HOSP_B, "基线", "第" + i + "号")
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(r.outcome).as("baseline feed %s: %s", id, r.text).isEqualTo(Outcome.AA);
                ids.add(id);
            }
            // the resident whose identifiers ITI-41 mutants use: never a baseline one
            var r = c.exchange(Hl7.adt("A01", Hl7.controlId(), "FZSOAP0001^^^" + Hl7.HOSP_A, "模糊", "测试")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(r.outcome).as(r.text).isEqualTo(Outcome.AA);
        }
        for (var id : ids) {
            regional.put(id, regionalId(admin.patient("hosp-b-mrn", id)));
        }
        var fuzzPatient = XdsMessages.patient(regionalId(admin.patient("hosp-a-mrn", "FZSOAP0001")), REGIONAL_OID);
        var documentPatient = XdsMessages.patient(regional.get(ids.get(0)), REGIONAL_OID);
        var content = "<ClinicalDocument>基线文档 baseline document</ClinicalDocument>".getBytes(StandardCharsets.UTF_8);
        var body = provideBody(documentPatient, content);
        var answer = Mtom.post(engine, "xds-iti41", PROVIDE, body.getKey(), body.getValue());
        assertThat(answer.xml()).as("baseline ITI-41").contains("ResponseStatusType:Success");
        var uniqueId = Soap.text(Soap.parse(body.getKey()),
                "//rim:ExtrinsicObject/rim:ExternalIdentifier[rim:Name/rim:LocalizedString/@value='XDSDocumentEntry.uniqueId']/@value");
        assertThat(uniqueId).isNotBlank();
        return new Baseline(ids, regional, documentPatient, uniqueId, content, fuzzPatient);
    }

    private static String regionalId(JsonNode patient) {
        for (var id : patient.get("identifiers")) {
            if (id.get("domain").asText().equals("regional")) {
                return id.get("value").asText();
            }
        }
        throw new AssertionError("no regional id in " + patient);
    }

    private Snapshot snapshot(Baseline b) throws Exception {
        var patients = new LinkedHashMap<String, JsonNode>();
        var pix = new LinkedHashMap<String, List<String>>();
        try (var c = new Conn(engine.mllpPort)) {
            for (var id : b.ids()) {
                patients.put(id, admin.patient("hosp-b-mrn", id));
                pix.put(id, pixAnswer(c, id));
            }
        }
        return new Snapshot(patients, pix, retrieve(b.documentId()), findDocuments(b.documentPatient()));
    }

    /** MSA-1, QAK-2 and the sorted identifiers of an ITI-9 answer for a baseline resident. */
    private static List<String> pixAnswer(Conn c, String id) throws IOException {
        var r = c.exchange(Hl7.q23(Hl7.controlId(), id + "^^^" + Hl7.HOSP_B, "").getBytes(StandardCharsets.UTF_8));
        var out = new ArrayList<String>();
        out.add("MSA=" + r.outcome + " QAK=" + Hl7.field(r.text == null ? "" : r.text, "QAK", 2));
        if (r.text != null) {
            Hl7.pid3(r.text).stream().sorted().forEach(out::add);
        }
        return out;
    }

    private static byte[] retrieve(String uniqueId) throws Exception {
        var request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(REPOSITORY, uniqueId, null));
        var body = Mtom.marshal(new RetrieveDocumentSetRequestTransformer(new EbXMLFactory30()).toEbXML(request)
                .getInternal());
        var got = Mtom.post(engine, "xds-iti43", RETRIEVE, body.getKey(), body.getValue());
        var doc = Soap.parse(got.xml());
        var href = Soap.text(doc, "//xds:DocumentResponse/xds:Document/*[local-name()='Include']/@href");
        return href.isEmpty() ? null : got.part(href);
    }

    private static List<String> findDocuments(Identifiable patient) throws Exception {
        var answer = Soap.call(engine, "xds-iti18", QUERY, XdsMessages.xml(findDocumentsQuery(patient),
                QueryReturnType.LEAF_CLASS));
        var out = new ArrayList<String>();
        out.add("status=" + Soap.text(answer, "//query:AdhocQueryResponse/@status"));
        Soap.nodes(answer, "//rim:ExtrinsicObject").stream()
                .map(e -> e.getAttribute("id") + " " + e.getAttribute("status")).sorted().forEach(out::add);
        return out;
    }

    private static FindDocumentsQuery findDocumentsQuery(Identifiable patient) {
        var q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return q;
    }

    /** An ITI-41 body for one document (hash, size and repository left to the repository) and its attachment. */
    static Map.Entry<String, Map<String, DataHandler>> provideBody(Identifiable patient, byte[] content) throws Exception {
        var entry = XdsMessages.documentEntry(patient, "LAB-01", "20261120");
        entry.setHash(null);
        entry.setSize(null);
        entry.setRepositoryUniqueId(null);
        var ss = XdsMessages.submissionSet(patient);
        var request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(ss);
        request.getDocuments().add(new Document(entry, new DataHandler(new String(content, StandardCharsets.ISO_8859_1),
                "text/xml")));
        request.getAssociations().add(XdsMessages.hasMember(ss.getEntryUuid(), entry.getEntryUuid()));
        return Mtom.marshal(new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request)
                .getInternal());
    }

    private String health() {
        try {
            var r = admin.get("/actuator/health");
            if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                return "UP";
            }
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    // ================================================================================================ MLLP

    /** One answer on the MLLP port, classified. */
    record Reply(Outcome outcome, String text, boolean err, long millis, String problem) {
    }

    /** A plain MLLP connection with a read timeout; the bytes on the wire are exactly the payload, framed. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(int port) throws IOException {
            this(port, HL7_TIMEOUT_MS);
        }

        Conn(int port, int timeoutMs) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(timeoutMs);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Reply exchange(byte[] payload) {
            var frame = new byte[payload.length + 3];
            frame[0] = 0x0b;
            System.arraycopy(payload, 0, frame, 1, payload.length);
            frame[frame.length - 2] = 0x1c;
            frame[frame.length - 1] = 0x0d;
            long t0 = System.nanoTime();
            String writeProblem = null;
            try {
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                writeProblem = "write: " + e.getMessage();
            }
            try {
                var answer = Mllp.readFrame(in);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (answer == null) {
                    return new Reply(Outcome.CLOSED, null, false, ms, writeProblem == null ? "closed" : writeProblem);
                }
                return classify(answer, ms);
            } catch (SocketTimeoutException e) {
                return new Reply(Outcome.TIMEOUT, null, false, (System.nanoTime() - t0) / 1_000_000, "read timeout");
            } catch (IOException e) {
                return new Reply(Outcome.CLOSED, null, false, (System.nanoTime() - t0) / 1_000_000,
                        (writeProblem == null ? "" : writeProblem + "; ") + "read: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    static Reply classify(byte[] answer, long millis) {
        var text = decodeAnswer(answer);
        var msa = ackField(text, "MSA", 1);
        var outcome = msa == null ? Outcome.NO_MSA : switch (msa) {
            case "AA" -> Outcome.AA;
            case "AE" -> Outcome.AE;
            case "AR" -> Outcome.AR;
            default -> Outcome.OTHER_ACK;
        };
        var leak = leak(text);
        if (leak == null) {
            leak = leak(new String(answer, StandardCharsets.ISO_8859_1));
        }
        return new Reply(outcome, text, ackField(text, "ERR", 0) != null, millis, leak == null ? null : "leak: " + leak);
    }

    /** An answer's text: a BOM or NUL pattern says UTF-16/32, otherwise UTF-8 or what its MSH-18 names. */
    static String decodeAnswer(byte[] b) {
        if (b.length >= 3 && b[0] == 0 && b[1] == 0 && b[2] == 0) {
            return new String(b, Charset.forName("UTF-32BE"));
        }
        if (b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)) {
            return new String(b, StandardCharsets.UTF_16);
        }
        if (b.length >= 2 && b[0] == 0) {
            return new String(b, StandardCharsets.UTF_16BE);
        }
        var guess = new String(b, StandardCharsets.UTF_8);
        var msh18 = guess.startsWith("MSH") && guess.length() > 3 ? ackField(guess, "MSH", 18) : null;
        // candidates: what MSH-18 names, UTF-8, a label found in the first segment's bytes (a separator that is
        // no single UTF-8 character hides MSH-18); the first that yields an acknowledgement code wins
        var candidates = new ArrayList<String>();
        if (charsetOf(msh18) != null) {
            candidates.add(charsetOf(msh18));
        }
        candidates.add("UTF-8");
        var latin = new String(b, StandardCharsets.ISO_8859_1);
        var first = latin.indexOf('\r') < 0 ? latin : latin.substring(0, latin.indexOf('\r'));
        for (var label : List.of("GB 18030-2000", "8859/15", "8859/1", "8859/2", "8859/5", "8859/7", "BIG-5", "KS X 1001")) {
            if (first.contains(label)) {
                candidates.add(charsetOf(label));
                break;
            }
        }
        for (var c : candidates) {
            var text = new String(b, Charset.forName(c));
            var msa = ackField(text, "MSA", 1);
            if (msa != null && msa.matches("[AC][AER]")) {
                return text;
            }
        }
        return new String(b, Charset.forName(candidates.get(0)));
    }

    /** The Java name of an HL7 table 0211 character set, or null for UTF-8 and unknown labels. */
    static String charsetOf(String msh18) {
        return msh18 == null ? null : switch (msh18.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "GB 18030-2000" -> "GB18030";
            case "8859/1" -> "ISO-8859-1";
            case "8859/2" -> "ISO-8859-2";
            case "8859/5" -> "ISO-8859-5";
            case "8859/7" -> "ISO-8859-7";
            case "8859/15" -> "ISO-8859-15";
            case "ASCII" -> "US-ASCII";
            case "BIG-5" -> "Big5";
            case "KS X 1001" -> "EUC-KR";
            case "ISO IR87" -> "ISO-2022-JP";
            case "UNICODE", "UNICODE UTF-16" -> "UTF-16";
            case "UNICODE UTF-32" -> "UTF-32";
            default -> null;
        };
    }

    /**
     * A field's first component (field 0: the segment itself) of the first segment with that name, read
     * with the answer's own separators; MSH counted as HL7 does.
     */
    static String ackField(String text, String segment, int field) {
        if (text == null) {
            return null;
        }
        char sep = text.startsWith("MSH") && text.length() > 4 ? text.charAt(3) : '|';
        char comp = text.startsWith("MSH") && text.length() > 4 ? text.charAt(4) : '^';
        for (var seg : text.split("[\r\n]+")) {
            if (!seg.startsWith(segment + sep)) {
                continue;
            }
            if (field == 0) {
                return seg;
            }
            var fields = seg.split(Pattern.quote(String.valueOf(sep)), -1);
            int i = segment.equals("MSH") ? field - 1 : field;
            if (i >= fields.length) {
                return null;
            }
            var v = fields[i];
            if (segment.equals("MSH") && field == 18) {
                return v.isEmpty() ? null : v;
            }
            int c = v.indexOf(comp);
            return unescape(c >= 0 ? v.substring(0, c) : v, text);
        }
        return null;
    }

    /** HL7 escape sequences for the separators (\F\ \S\ \T\ \R\ \E\), with the answer's own encoding characters. */
    static String unescape(String v, String message) {
        if (!message.startsWith("MSH") || message.length() < 8) {
            return v;
        }
        char esc = message.charAt(6);
        if (v.indexOf(esc) < 0) {
            return v;
        }
        var e = String.valueOf(esc);
        return v.replace(e + "F" + e, String.valueOf(message.charAt(3)))
                .replace(e + "S" + e, String.valueOf(message.charAt(4)))
                .replace(e + "R" + e, String.valueOf(message.charAt(5)))
                .replace(e + "T" + e, String.valueOf(message.charAt(7)))
                .replace(e + "E" + e, e);
    }

    /** The unmutated seeds once each, so the mutants find their residents, orders and documents. */
    private Map<String, String> sendSeeds(Hl7Mutator mutator) throws IOException {
        var answers = new LinkedHashMap<String, String>();
        int n = 0;
        try (var c = new Conn(engine.mllpPort)) {
            for (var s : mutator.seeds()) {
                var text = s.text().replaceFirst("^(MSH\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|)[^|]*",
                        "$1FZSEED-" + (++n));
                var r = c.exchange(text.getBytes(s.charset()));
                answers.put(s.name(), r.outcome + (r.outcome == Outcome.AA ? "" : " " + brief(ackField(r.text, "ERR", 0))));
                if (r.problem != null && r.problem.startsWith("leak")) {
                    problems.add("stack trace or exception name in the answer to seed " + s.name() + ": " + r.text);
                }
            }
        }
        return answers;
    }

    // ================================================================================================ HL7 run

    /** Per mutation kind (and per seed): outcomes, timings, and the anomalies seen. */
    final class Hl7Run {
        final Hl7Mutator mutator;
        final Baseline baseline;
        final Map<Kind, long[]> byKind = new EnumMap<>(Kind.class);
        final Map<Kind, long[]> millisByKind = new EnumMap<>(Kind.class);
        final Map<String, long[]> bySeed = new TreeMap<>();
        final AtomicLong next = new AtomicLong();
        final AtomicLong stackTraces = new AtomicLong();
        final AtomicLong errMissing = new AtomicLong();
        final AtomicLong noAck = new AtomicLong();
        final AtomicLong garbledAfterBlockCharacters = new AtomicLong();
        final AtomicLong internalErrors = new AtomicLong();
        final AtomicLong framingBreakers = new AtomicLong();
        final AtomicLong closedWithoutFramingBreak = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong reconnects = new AtomicLong();
        final AtomicInteger probes = new AtomicInteger();
        final AtomicInteger probesOk = new AtomicInteger();
        final AtomicLong probeMaxMillis = new AtomicLong();
        final List<Long> probeMillis = Collections.synchronizedList(new ArrayList<>());
        final List<String> goodIds = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        final AtomicInteger exampleCount = new AtomicInteger();
        final Map<String, AtomicInteger> examplesByKind = new java.util.concurrent.ConcurrentHashMap<>();
        long seconds;
        long startedAt = System.nanoTime();

        Hl7Run(Hl7Mutator mutator, Baseline baseline) {
            this.mutator = mutator;
            this.baseline = baseline;
            for (var k : Kind.values()) {
                byKind.put(k, new long[Outcome.values().length]);
                millisByKind.put(k, new long[2]);
            }
        }

        long total(Outcome o) {
            synchronized (byKind) {
                return byKind.values().stream().mapToLong(a -> a[o.ordinal()]).sum();
            }
        }

        void run() throws Exception {
            long t0 = System.nanoTime();
            startedAt = t0;
            var pool = Executors.newFixedThreadPool(CONNECTIONS);
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < CONNECTIONS; i++) {
                futures.add(pool.submit(this::work));
            }
            for (var f : futures) {
                f.get();
            }
            pool.shutdown();
            seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000_000);
            if (total(Outcome.TIMEOUT) > 0) {
                problems.add(total(Outcome.TIMEOUT) + " HL7 message(s) got no answer within " + HL7_TIMEOUT_MS + " ms");
            }
            if (stackTraces.get() > 0) {
                problems.add(stackTraces.get() + " HL7 answer(s) with a stack trace, exception or class name");
            }
            if (errMissing.get() > 0) {
                problems.add(errMissing.get() + " HL7 AE/AR answer(s) without an ERR segment");
            }
            if (noAck.get() > 0) {
                problems.add(noAck.get() + " HL7 answer(s) without MSA AA/AE/AR for payloads without block characters");
            }
            if (internalErrors.get() > 0) {
                // malformed input is the sender's error and has its own table 0357 code; 207 means we failed
                problems.add(internalErrors.get() + " HL7 answer(s) \"Internal error\" (207) for malformed input");
            }
            if (closedWithoutFramingBreak.get() > 0) {
                problems.add(closedWithoutFramingBreak.get() + " HL7 connection(s) closed by the engine for payloads "
                        + "without block characters (one frame, no reason to close)");
            }
        }

        private void work() {
            Conn conn = null;
            try {
                long i;
                while ((i = next.getAndIncrement()) < COUNT) {
                    if (i % PROBE_EVERY == 0) {
                        probe(i / PROBE_EVERY);
                    }
                    var m = mutator.mutant(i);
                    if (conn == null) {
                        try {
                            conn = new Conn(engine.mllpPort);
                        } catch (IOException e) {
                            problems.add("cannot connect to the MLLP port at mutant " + i + ": " + e);
                            record(m, new Reply(Outcome.CLOSED, null, false, 0, "connect: " + e.getMessage()));
                            continue;
                        }
                    }
                    if (i > 0 && i % Math.max(1000, COUNT / 20) == 0) {
                        System.out.printf("fuzz: %d HL7 mutants sent, %d s%n", i, (System.nanoTime() - startedAt) / 1_000_000_000);
                    }
                    var reply = conn.exchange(m.payload());
                    bytesSent.addAndGet(m.payload().length);
                    record(m, reply);
                    if (reply.outcome == Outcome.CLOSED || reply.outcome == Outcome.TIMEOUT || m.breaksFraming()) {
                        // block characters inside the payload leave the connection in an unknown state
                        conn.close();
                        conn = null;
                        reconnects.incrementAndGet();
                    }
                }
            } finally {
                if (conn != null) {
                    conn.close();
                }
            }
        }

        private void record(Mutant m, Reply r) {
            synchronized (byKind) {
                byKind.get(m.kind())[r.outcome.ordinal()]++;
                var ms = millisByKind.get(m.kind());
                ms[0] += r.millis;
                ms[1] = Math.max(ms[1], r.millis);
                bySeed.computeIfAbsent(m.seed(), s -> new long[Outcome.values().length])[r.outcome.ordinal()]++;
            }
            if (m.breaksFraming()) {
                framingBreakers.incrementAndGet();
            }
            if (r.outcome == Outcome.TIMEOUT) {
                example("TIMEOUT", m, r);
            } else if (r.millis > SLOW_MS) {
                // not a failure, but the mutants to look at first when answers get slow
                example("SLOW (answered after more than " + SLOW_MS + " ms)", m, r);
            }
            if (r.problem != null && r.problem.startsWith("leak")) {
                stackTraces.incrementAndGet();
                example("STACK TRACE OR EXCEPTION NAME", m, r);
            }
            if ((r.outcome == Outcome.AE || r.outcome == Outcome.AR) && !r.err) {
                errMissing.incrementAndGet();
                example("AE/AR WITHOUT ERR", m, r);
            }
            if (r.outcome == Outcome.NO_MSA || r.outcome == Outcome.OTHER_ACK) {
                if (m.breaksFraming()) {
                    garbledAfterBlockCharacters.incrementAndGet();
                    example("ANSWER WITHOUT AA/AE/AR (payload with block characters)", m, r);
                } else {
                    noAck.incrementAndGet();
                    example("ANSWER WITHOUT AA/AE/AR", m, r);
                }
            }
            if (r.outcome == Outcome.CLOSED && !m.breaksFraming()) {
                closedWithoutFramingBreak.incrementAndGet();
                example("CLOSED WITHOUT BLOCK CHARACTERS", m, r);
            }
            if (r.text != null && r.text.contains("Internal error")) {
                internalErrors.incrementAndGet();
                example("INTERNAL ERROR", m, r);
            }
        }

        private void example(String what, Mutant m, Reply r) {
            // a few of each kind, so one frequent anomaly does not hide the others
            if (examplesByKind.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet() <= 6
                    && exampleCount.incrementAndGet() <= 60) {
                var payload = new String(m.payload(), StandardCharsets.ISO_8859_1);
                examples.add(what + " — mutant " + m.index() + " (" + m.kind() + " " + m.detail() + " of " + m.seed()
                        + ", " + m.payload().length + " bytes, " + r.millis + " ms" + (r.problem == null ? "" : ", " + r.problem)
                        + ")\n    sent: `" + Hl7Mutator.printable(cut(payload, 300)).replace("`", "'")
                        + "`\n    got: `" + (r.text == null ? "(nothing)" : Hl7Mutator.printable(cut(r.text, 400)).replace("`", "'"))
                        + "`");
            }
        }

        /** Good traffic while fuzzing: a PIX query for a baseline resident, a new resident, health. */
        private void probe(long k) {
            probes.incrementAndGet();
            long t0 = System.nanoTime();
            var failures = new ArrayList<String>();
            var id = baseline.ids().get((int) (k % baseline.ids().size()));
            try (var c = new Conn(engine.mllpPort)) {
                var q = c.exchange(Hl7.q23(Hl7.controlId(), id + "^^^" + Hl7.HOSP_B, "").getBytes(StandardCharsets.UTF_8));
                var ids = q.text == null ? List.<String>of() : Hl7.pid3(q.text).stream().sorted().toList();
                var expected = snapshotPix.get(id);
                if (q.outcome != Outcome.AA || expected == null || !expected.subList(1, expected.size()).equals(ids)) {
                    failures.add("PIX query for " + id + ": " + q.outcome + " " + ids + " (expected " + expected + ") "
                            + cut(q.text, 300));
                }
                var good = String.format("GOOD-%04d", k);
                var a = c.exchange(Hl7.adt("A01", Hl7.controlId(), good + "^^^" + Hl7.CLINIC_C, "良好", "流量")
                        .getBytes(StandardCharsets.UTF_8));
                if (a.outcome != Outcome.AA) {
                    failures.add("A01 for " + good + ": " + a.outcome + " " + cut(a.text, 300));
                } else {
                    goodIds.add(good);
                }
            } catch (IOException e) {
                failures.add("connect: " + e);
            }
            var health = health();
            if (!"UP".equals(health)) {
                failures.add("health: " + health);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            probeMillis.add(ms);
            probeMaxMillis.accumulateAndGet(ms, Math::max);
            if (failures.isEmpty()) {
                probesOk.incrementAndGet();
            } else {
                problems.add("good-traffic probe " + k + " failed: " + String.join("; ", failures));
            }
        }
    }

    /** The baseline's PIX answers (set once the snapshot is taken), for the probes. */
    Map<String, List<String>> snapshotPix = Map.of();

    private Snapshot snapshotAndRemember(Baseline b) throws Exception {
        var s = snapshot(b);
        snapshotPix = s.pix();
        return s;
    }

    static String cut(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n) + "…(" + s.length() + " chars)";
    }

    static String brief(String s) {
        return s == null ? "" : cut(s, 120);
    }

    // ================================================================================================ SOAP

    enum SoapOutcome { FAULT, FAILURE, PARTIAL, SUCCESS, HTTP_4XX, HTTP_OTHER, CLOSED, TIMEOUT }

    /** A request to one XDS door: its service, WS-Addressing action, SOAP body and MTOM attachments. */
    record Endpoint(String service, String action, String body, Map<String, DataHandler> attachments) {
        String path() {
            return "/services/" + service;
        }
    }

    /** A classified SOAP answer. */
    record SoapResult(SoapOutcome outcome, int status, String code, long millis, String leak, String body,
                      String problem) {
        String cell() {
            var c = switch (outcome) {
                case CLOSED -> "closed";
                case TIMEOUT -> "TIMEOUT";
                default -> status + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                        + (code == null || code.isEmpty() ? "" : " " + code);
            };
            return c + " (" + millis + " ms)" + (leak == null ? "" : leak.startsWith("stack") ? " STACK TRACE"
                    : " leaks " + leak.substring(leak.lastIndexOf(' ') + 1));
        }
    }

    private static final Pattern FAULT_CODE = Pattern.compile(
            "<(?:\\w+:)?Code>\\s*<(?:\\w+:)?Value>([^<]*)</(?:\\w+:)?Value>(?:\\s*<(?:\\w+:)?Subcode>\\s*<(?:\\w+:)?Value>([^<]*)<)?");
    private static final Pattern FAULT_11 = Pattern.compile("<faultcode>([^<]*)</faultcode>");
    private static final Pattern REGISTRY_STATUS = Pattern.compile("status=\"[^\"]*ResponseStatusType:(\\w+)\"");
    private static final Pattern ERROR_CODE = Pattern.compile("errorCode=\"([^\"]*)\"");

    static SoapResult classify(RawHttp.Answer a) {
        if (a.status() == -2) {
            return new SoapResult(SoapOutcome.TIMEOUT, -2, null, a.millis(), null, "", a.problem());
        }
        if (a.status() < 0) {
            return new SoapResult(SoapOutcome.CLOSED, -1, null, a.millis(), null, a.text(), a.problem());
        }
        var body = a.text();
        var leak = leak(body);
        SoapOutcome outcome;
        String code = null;
        var fault = FAULT_CODE.matcher(body);
        var fault11 = FAULT_11.matcher(body);
        var status = REGISTRY_STATUS.matcher(body);
        if (body.contains("Fault>") && fault.find()) {
            outcome = SoapOutcome.FAULT;
            code = local(fault.group(1)) + (fault.group(2) == null ? "" : "/" + local(fault.group(2)));
        } else if (body.contains("Fault>") && fault11.find()) {
            outcome = SoapOutcome.FAULT;
            code = local(fault11.group(1));
        } else if (body.contains("Fault>")) {
            outcome = SoapOutcome.FAULT;
        } else if (status.find()) {
            outcome = switch (status.group(1)) {
                case "Success" -> SoapOutcome.SUCCESS;
                case "PartialSuccess" -> SoapOutcome.PARTIAL;
                default -> SoapOutcome.FAILURE;
            };
            var e = ERROR_CODE.matcher(body);
            code = e.find() ? e.group(1) : null;
        } else if (a.status() >= 400 && a.status() < 500) {
            outcome = SoapOutcome.HTTP_4XX;
        } else {
            outcome = SoapOutcome.HTTP_OTHER;
        }
        return new SoapResult(outcome, a.status(), code, a.millis(), leak, body, a.problem());
    }

    private static String local(String qname) {
        var s = qname.trim();
        return s.contains(":") ? s.substring(s.indexOf(':') + 1) : s;
    }

    /** A malformed request, sent to each of the four doors. */
    /** What a corpus case must get: a fault (or Failure, or 4xx), also a clean close, quickly, or anything sane. */
    enum Expect { FAULT, FAULT_OR_CLOSE, FAULT_QUICKLY, TOLERANT }

    record SoapCase(String name, String description, Expect expect,
                    java.util.function.Function<Endpoint, RawHttp.Answer> send) {
    }

    final class SoapRun {
        final Baseline baseline;
        final Map<String, Supplier<Endpoint>> endpoints = new LinkedHashMap<>();
        final Map<String, Map<String, SoapResult>> corpus = new LinkedHashMap<>();
        final Map<String, SoapResult> controls = new LinkedHashMap<>();
        final Map<String, SoapCase> cases = new LinkedHashMap<>();
        final Map<String, Map<SoapOutcome, Integer>> mutantOutcomes = new LinkedHashMap<>();
        final Map<String, Map<String, Integer>> mutantCodes = new LinkedHashMap<>();
        final Map<String, long[]> mutantMillis = new LinkedHashMap<>();
        /** Stack traces and exception names in answers, with where they were seen. */
        final Map<String, List<String>> leaks = new TreeMap<>();
        /** Mutant answers the test does not accept, by kind, with the first example. */
        final Map<String, List<String>> badMutants = new TreeMap<>();
        final Path marker;
        final String markerText = "QIAO-XXE-" + UUID.randomUUID();
        final ServerSocket trap;
        final AtomicInteger trapHits = new AtomicInteger();
        final List<String> trapRequests = Collections.synchronizedList(new ArrayList<>());
        /** Values put into element texts and attributes of mutated requests. */
        List<String> nastyValues;
        long seconds;

        SoapRun(Baseline baseline) throws IOException {
            this.baseline = baseline;
            marker = Files.createTempFile("qiao-xxe-", ".txt");
            Files.writeString(marker, markerText);
            marker.toFile().deleteOnExit();
            // anything the engine fetches from here (external DTD, entity, xop:Include by URL) is counted
            trap = new ServerSocket(0);
            var t = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (var s = trap.accept()) {
                        trapHits.incrementAndGet();
                        s.setSoTimeout(2_000);
                        var line = new StringBuilder();
                        try {
                            int b;
                            var in = s.getInputStream();
                            while ((b = in.read()) >= 0 && b != '\n' && line.length() < 200) {
                                line.append((char) b);
                            }
                        } catch (IOException e) {
                            // what arrived is enough
                        }
                        trapRequests.add(line.toString().trim());
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "fuzz-trap");
            t.setDaemon(true);
            t.start();
            endpoints.put("iti41", () -> {
                try {
                    var b = provideBody(baseline.fuzzPatient(), ("<ClinicalDocument>fuzz " + UUID.randomUUID()
                            + "</ClinicalDocument>").getBytes(StandardCharsets.UTF_8));
                    return new Endpoint("xds-iti41", PROVIDE, b.getKey(), b.getValue());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            endpoints.put("iti42", () -> {
                try {
                    var entry = XdsMessages.documentEntry(baseline.fuzzPatient(), "LAB-01", "20261120");
                    var body = XdsMessages.xml(XdsMessages.register(XdsMessages.submissionSet(baseline.fuzzPatient()), entry));
                    return new Endpoint("xds-iti42", REGISTER, body, Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            endpoints.put("iti18", () -> {
                try {
                    var body = XdsMessages.xml(findDocumentsQuery(baseline.documentPatient()), QueryReturnType.LEAF_CLASS);
                    return new Endpoint("xds-iti18", QUERY, body, Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            endpoints.put("iti43", () -> {
                try {
                    var request = new RetrieveDocumentSet();
                    request.getDocuments().add(new DocumentReference(REPOSITORY, baseline.documentId(), null));
                    var body = Mtom.marshal(new RetrieveDocumentSetRequestTransformer(new EbXMLFactory30())
                            .toEbXML(request).getInternal());
                    return new Endpoint("xds-iti43", RETRIEVE, body.getKey(), Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            defineCases();
            nastyValues = List.of("", " ", "' OR '1'='1", "('x') OR 1=1 --", "'; DROP TABLE patient; --", "%", "_", "*",
                    "\\", "''", "('a','b')", "A".repeat(10_000), "\u0000", "\u001b[31m", "urn:uuid:" + UUID.randomUUID(),
                    "-1", "99999999999999999999", "2026-13-45", "${jndi:ldap://127.0.0.1:" + trap.getLocalPort() + "/fuzz}",
                    "http://127.0.0.1:" + trap.getLocalPort() + "/value", "file:///etc/passwd", "../../../../etc/passwd",
                    "QR%", "('QR' || 'x')", "测试\u202e\u200b", "^^^&2.16.156.10011.0.99.1&ISO",
                    "QR9999999999^^^&1.2.3&ISO", "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated",
                    "urn:uuid:00000000-0000-0000-0000-000000000000", "\uFFFF", "&#0;");
        }

        int port() {
            return engine.httpPort;
        }

        String envelope(Endpoint ep) {
            return Soap.envelope(ep.action(), engine.url(ep.path()), ep.body());
        }

        static String soapType(String action) {
            return "application/soap+xml; charset=UTF-8; action=\"" + action + "\"";
        }

        /** The envelope as the door expects it: MTOM when there are attachments, plain SOAP otherwise. */
        RawHttp.Answer sendEnvelope(Endpoint ep, byte[] envelope) {
            if (ep.attachments().isEmpty()) {
                return RawHttp.post(port(), ep.path(), soapType(ep.action()), envelope, SOAP_TIMEOUT_MS);
            }
            var boundary = "MIMEBoundary_" + UUID.randomUUID().toString().replace("-", "");
            return RawHttp.post(port(), ep.path(), mtomType(boundary, "<root.message@qiao.test>", ep.action()),
                    multipart(boundary, "<root.message@qiao.test>", envelope, ep.attachments()), SOAP_TIMEOUT_MS);
        }

        RawHttp.Answer sendEnvelope(Endpoint ep, String envelope) {
            return sendEnvelope(ep, envelope.getBytes(StandardCharsets.UTF_8));
        }

        static String mtomType(String boundary, String start, String action) {
            return "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary + "\"; start=\"" + start
                    + "\"; start-info=\"application/soap+xml\"; action=\"" + action + "\"";
        }

        static byte[] multipart(String boundary, String rootId, byte[] envelope, Map<String, DataHandler> attachments) {
            var out = new ByteArrayOutputStream();
            var head = "--" + boundary + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\n"
                    + "Content-Transfer-Encoding: binary\r\n" + (rootId == null ? "" : "Content-ID: " + rootId + "\r\n") + "\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(envelope);
            for (var a : attachments.entrySet()) {
                out.writeBytes(("\r\n--" + boundary + "\r\nContent-Type: " + a.getValue().getContentType() + "\r\n"
                        + "Content-Transfer-Encoding: binary\r\nContent-ID: <" + a.getKey() + ">\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                try (var in = a.getValue().getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private void add(String name, String description, java.util.function.Function<Endpoint, RawHttp.Answer> send) {
            cases.put(name, new SoapCase(name, description, Expect.FAULT, send));
        }

        private void addClosable(String name, String description, java.util.function.Function<Endpoint, RawHttp.Answer> send) {
            cases.put(name, new SoapCase(name, description, Expect.FAULT_OR_CLOSE, send));
        }

        private void addBomb(String name, String description, java.util.function.Function<Endpoint, RawHttp.Answer> send) {
            cases.put(name, new SoapCase(name, description, Expect.FAULT_QUICKLY, send));
        }

        /** Not a broken request in SOAP's eyes, or one the issue does not ask about: success is noted, not failed. */
        private void addTolerant(String name, String description, java.util.function.Function<Endpoint, RawHttp.Answer> send) {
            cases.put(name, new SoapCase(name, description, Expect.TOLERANT, send));
        }

        /** The envelope with the text of wsa:MessageID replaced (entity references, huge text…). */
        String withMessageId(Endpoint ep, String content) {
            return envelope(ep).replaceFirst("<wsa:MessageID>[^<]*</wsa:MessageID>",
                    java.util.regex.Matcher.quoteReplacement("<wsa:MessageID>" + content + "</wsa:MessageID>"));
        }

        /** The envelope with extra content at the start of the SOAP body. */
        String withBodyPrefix(Endpoint ep, String content) {
            return envelope(ep).replace("<soap:Body>", "<soap:Body>" + content);
        }

        private void defineCases() {
            var rnd = new Random(SEED + 7);
            add("not-xml", "plain text as a SOAP request", ep ->
                    RawHttp.post(port(), ep.path(), soapType(ep.action()), "this is not XML".getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS));
            add("empty-body", "Content-Length 0", ep ->
                    RawHttp.post(port(), ep.path(), soapType(ep.action()), new byte[0], SOAP_TIMEOUT_MS));
            add("truncated-xml", "the envelope cut at 60 %", ep -> {
                var e = envelope(ep);
                return sendEnvelope(ep, e.substring(0, e.length() * 6 / 10));
            });
            add("soap11-namespace", "SOAP 1.1 envelope namespace, SOAP 1.2 content type", ep ->
                    sendEnvelope(ep, envelope(ep).replace(Soap.NS.get("soap"), "http://schemas.xmlsoap.org/soap/envelope/")));
            addTolerant("soap11-text-xml", "SOAP 1.1 envelope as text/xml with SOAPAction", ep ->
                    RawHttp.post(port(), ep.path(), "text/xml; charset=UTF-8",
                            envelope(ep).replace(Soap.NS.get("soap"), "http://schemas.xmlsoap.org/soap/envelope/")
                                    .getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS, "SOAPAction: \"" + ep.action() + "\""));
            add("unknown-envelope-namespace", "Envelope in namespace urn:not-soap", ep ->
                    sendEnvelope(ep, envelope(ep).replace(Soap.NS.get("soap"), "urn:not-soap")));
            add("missing-action", "no wsa:Action header (and no action parameter)", ep -> {
                var e = envelope(ep).replaceFirst("<wsa:Action[^>]*>[^<]*</wsa:Action>", "");
                var stripped = new Endpoint(ep.service(), "", ep.body(), ep.attachments());
                return ep.attachments().isEmpty()
                        ? RawHttp.post(port(), ep.path(), "application/soap+xml; charset=UTF-8", e.getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS)
                        : sendEnvelope(stripped, e);
            });
            add("wrong-action", "the action of another transaction", ep -> {
                var other = ep.action().equals(QUERY) ? REGISTER : QUERY;
                var e = envelope(ep).replace(">" + ep.action() + "<", ">" + other + "<");
                return sendEnvelope(new Endpoint(ep.service(), other, ep.body(), ep.attachments()), e);
            });
            add("bogus-action", "wsa:Action urn:fuzz:nothing", ep -> {
                var e = envelope(ep).replace(">" + ep.action() + "<", ">urn:fuzz:nothing<");
                return sendEnvelope(new Endpoint(ep.service(), "urn:fuzz:nothing", ep.body(), ep.attachments()), e);
            });
            add("replyto-elsewhere", "wsa:ReplyTo naming another HTTP address (counted by a local trap)", ep ->
                    sendEnvelope(ep, envelope(ep).replace("<wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address>",
                            "<wsa:Address>http://127.0.0.1:" + trap.getLocalPort() + "/replyto</wsa:Address>")));
            add("faultto-elsewhere", "wsa:FaultTo naming another HTTP address, body broken (counted by a local trap)", ep ->
                    sendEnvelope(ep, envelope(ep).replace("</soap:Header>", "<wsa:FaultTo><wsa:Address>http://127.0.0.1:"
                            + trap.getLocalPort() + "/faultto</wsa:Address></wsa:FaultTo></soap:Header>")
                            .replaceFirst("<soap:Body>.*</soap:Body>", "<soap:Body><x:nonsense xmlns:x=\"urn:x\"/></soap:Body>")));
            add("unknown-body-element", "a body element no door knows", ep ->
                    sendEnvelope(ep, Soap.envelope(ep.action(), engine.url(ep.path()), "<x:nonsense xmlns:x=\"urn:x\"/>")));
            add("empty-soap-body", "<soap:Body/>", ep ->
                    sendEnvelope(ep, envelope(ep).replaceFirst("<soap:Body>.*</soap:Body>", "<soap:Body/>")));
            add("no-soap-body", "an envelope with a header only", ep ->
                    sendEnvelope(ep, envelope(ep).replaceFirst("<soap:Body>.*</soap:Body>", "")));
            addTolerant("two-bodies", "two soap:Body elements", ep -> {
                var e = envelope(ep);
                var body = e.substring(e.indexOf("<soap:Body>"), e.indexOf("</soap:Body>") + 12);
                return sendEnvelope(ep, e.replace("</soap:Envelope>", body + "</soap:Envelope>"));
            });
            addTolerant("two-envelopes", "two envelopes one after the other", ep -> sendEnvelope(ep, envelope(ep) + envelope(ep)));
            add("must-understand-unknown", "an unknown header with mustUnderstand=true", ep ->
                    sendEnvelope(ep, envelope(ep).replace("<soap:Header>",
                            "<soap:Header><z:Unknown xmlns:z=\"urn:z\" soap:mustUnderstand=\"true\">x</z:Unknown>")));
            add("xxe-file", "DTD with an external entity reading a local file", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \""
                            + marker.toUri() + "\">]>" + withMessageId(ep, "&xxe;")));
            add("xxe-passwd", "DTD with an external entity reading /etc/passwd, used in the body", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                            + withBodyPrefix(ep, "<x:leak xmlns:x=\"urn:x\">&xxe;</x:leak>")));
            add("xxe-http", "external entity fetched over HTTP (counted by a local trap)", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"http://127.0.0.1:"
                            + trap.getLocalPort() + "/xxe\">]>" + withMessageId(ep, "&xxe;")));
            add("external-dtd", "DOCTYPE with an external DTD and a parameter entity", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope SYSTEM \"http://127.0.0.1:"
                            + trap.getLocalPort() + "/dtd\" [<!ENTITY % p SYSTEM \"http://127.0.0.1:" + trap.getLocalPort()
                            + "/p\"> %p;]>" + envelope(ep)));
            addBomb("billion-laughs", "entity expansion bomb, 10 levels of 10", ep -> {
                var dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY l0 \"lol\">");
                for (int i = 1; i <= 10; i++) {
                    dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
                }
                dtd.append("]>");
                return sendEnvelope(ep, dtd + withMessageId(ep, "&l10;"));
            });
            addBomb("quadratic-blowup", "one 50 KB entity referenced 5000 times", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY big \"" + "x".repeat(50_000)
                            + "\">]>" + withMessageId(ep, "&big;".repeat(5_000))));
            addBomb("deep-nesting", "100 000 nested elements in the body", ep ->
                    sendEnvelope(ep, withBodyPrefix(ep, "<a>".repeat(100_000) + "</a>".repeat(100_000))));
            add("huge-attribute", "a 5 MB attribute value", ep ->
                    sendEnvelope(ep, withBodyPrefix(ep, "<x:e xmlns:x=\"urn:x\" a=\"" + "A".repeat(5 << 20) + "\"/>")));
            add("many-attributes", "50 000 attributes on one element", ep -> {
                var sb = new StringBuilder("<x:e xmlns:x=\"urn:x\"");
                for (int i = 0; i < 50_000; i++) {
                    sb.append(" a").append(i).append("=\"1\"");
                }
                return sendEnvelope(ep, withBodyPrefix(ep, sb + "/>"));
            });
            add("many-namespaces", "20 000 namespace declarations", ep -> {
                var sb = new StringBuilder("<x:e xmlns:x=\"urn:x\"");
                for (int i = 0; i < 20_000; i++) {
                    sb.append(" xmlns:p").append(i).append("=\"urn:").append(i).append('"');
                }
                return sendEnvelope(ep, withBodyPrefix(ep, sb + "/>"));
            });
            addTolerant("huge-text", "an 8 MB wsa:MessageID", ep -> sendEnvelope(ep, withMessageId(ep, "u".repeat(8 << 20))));
            addTolerant("encoding-lie", "declares UTF-16, is UTF-8", ep ->
                    sendEnvelope(ep, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + envelope(ep)));
            add("invalid-utf8", "bytes that are not UTF-8 inside the envelope", ep -> {
                var e = withMessageId(ep, "@@BAD@@").getBytes(StandardCharsets.UTF_8);
                var s = new String(e, StandardCharsets.ISO_8859_1).replace("@@BAD@@", "\u00ff\u00c0\u0080\u00ed\u00a0\u0080\u00e4\u00b8");
                return sendEnvelope(ep, s.getBytes(StandardCharsets.ISO_8859_1));
            });
            var random1k = bytes(rnd, 1024);
            var random64k = bytes(rnd, 64 << 10);
            add("random-1k", "1 KB of random bytes as SOAP", ep ->
                    RawHttp.post(port(), ep.path(), soapType(ep.action()), random1k, SOAP_TIMEOUT_MS));
            add("random-64k-multipart", "64 KB of random bytes declared MTOM", ep ->
                    RawHttp.post(port(), ep.path(), mtomType("B", "<root@x>", ep.action()), random64k, SOAP_TIMEOUT_MS));
            // ---- MTOM / MIME
            add("mtom-wrong-boundary", "the boundary in Content-Type is not the one in the body", ep -> {
                var body = multipart("RealBoundary", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8), ep.attachments());
                return RawHttp.post(port(), ep.path(), mtomType("OtherBoundary", "<root.message@qiao.test>", ep.action()), body, SOAP_TIMEOUT_MS);
            });
            add("mtom-missing-root", "only the attachment parts, no SOAP part", ep -> {
                var b = "MB1";
                var full = new String(multipart(b, "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8),
                        ep.attachments().isEmpty() ? Map.of("a@x", new DataHandler("data", "text/plain")) : ep.attachments()),
                        StandardCharsets.ISO_8859_1);
                var rest = full.substring(full.indexOf("\r\n--" + b, 10) + 2);
                return RawHttp.post(port(), ep.path(), mtomType(b, "<root.message@qiao.test>", ep.action()),
                        rest.getBytes(StandardCharsets.ISO_8859_1), SOAP_TIMEOUT_MS);
            });
            add("mtom-start-nowhere", "start names a Content-ID no part has", ep -> {
                var body = multipart("MB2", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8), ep.attachments());
                return RawHttp.post(port(), ep.path(), mtomType("MB2", "<nowhere@qiao.test>", ep.action()), body, SOAP_TIMEOUT_MS);
            });
            add("mtom-missing-attachment", "xop:Include names a part that is not there", ep -> {
                var e = ep.attachments().isEmpty()
                        ? withMessageId(ep, "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:missing@qiao.test\"/>")
                        : envelope(ep);
                var body = multipart("MB3", "<root.message@qiao.test>", e.getBytes(StandardCharsets.UTF_8), Map.of());
                return RawHttp.post(port(), ep.path(), mtomType("MB3", "<root.message@qiao.test>", ep.action()), body, SOAP_TIMEOUT_MS);
            });
            add("xop-include-http", "xop:Include pointing at an HTTP URL (counted by a local trap)", ep -> {
                var url = "http://127.0.0.1:" + trap.getLocalPort() + "/xop";
                var e = ep.attachments().isEmpty()
                        ? withMessageId(ep, "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"" + url + "\"/>")
                        : envelope(ep).replaceAll("href=\"cid:[^\"]*\"", "href=\"" + url + "\"");
                var body = multipart("MB4", "<root.message@qiao.test>", e.getBytes(StandardCharsets.UTF_8), ep.attachments());
                return RawHttp.post(port(), ep.path(), mtomType("MB4", "<root.message@qiao.test>", ep.action()), body, SOAP_TIMEOUT_MS);
            });
            add("content-type-lie-multipart", "multipart/related declared, a plain envelope sent", ep ->
                    RawHttp.post(port(), ep.path(), mtomType("MB5", "<root.message@qiao.test>", ep.action()),
                            envelope(ep).getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS));
            add("content-type-lie-plain", "application/soap+xml declared, a multipart body sent", ep ->
                    RawHttp.post(port(), ep.path(), soapType(ep.action()),
                            multipart("MB6", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8), ep.attachments()),
                            SOAP_TIMEOUT_MS));
            add("mtom-unterminated", "multipart cut inside the last part, no closing boundary", ep -> {
                var body = multipart("MB7", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8), ep.attachments());
                return RawHttp.post(port(), ep.path(), mtomType("MB7", "<root.message@qiao.test>", ep.action()),
                        Arrays.copyOf(body, body.length - 30), SOAP_TIMEOUT_MS);
            });
            addTolerant("mtom-10000-parts", "10 000 empty MIME parts after the root", ep -> {
                var sb = new StringBuilder();
                for (int i = 0; i < 10_000; i++) {
                    sb.append("\r\n--MB8\r\nContent-Type: text/plain\r\nContent-ID: <p").append(i).append("@x>\r\n\r\n");
                }
                var body = new String(multipart("MB8", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8),
                        ep.attachments()), StandardCharsets.ISO_8859_1);
                body = body.replace("\r\n--MB8--\r\n", sb + "\r\n--MB8--\r\n");
                return RawHttp.post(port(), ep.path(), mtomType("MB8", "<root.message@qiao.test>", ep.action()),
                        body.getBytes(StandardCharsets.ISO_8859_1), SOAP_TIMEOUT_MS);
            });
            add("mtom-huge-part-header", "a 1 MB MIME header line", ep -> {
                var body = new String(multipart("MB9", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8),
                        ep.attachments()), StandardCharsets.ISO_8859_1);
                body = body.replaceFirst("Content-Transfer-Encoding: binary\r\n", "X-Huge: " + "h".repeat(1 << 20) + "\r\n");
                return RawHttp.post(port(), ep.path(), mtomType("MB9", "<root.message@qiao.test>", ep.action()),
                        body.getBytes(StandardCharsets.ISO_8859_1), SOAP_TIMEOUT_MS);
            });
            addTolerant("mtom-type-lie", "multipart/related with type=text/plain and no start", ep -> {
                var body = multipart("MB10", "<root.message@qiao.test>", envelope(ep).getBytes(StandardCharsets.UTF_8), ep.attachments());
                return RawHttp.post(port(), ep.path(), "multipart/related; type=\"text/plain\"; boundary=MB10", body, SOAP_TIMEOUT_MS);
            });
            add("content-length-short", "Content-Length half the body (the rest follows anyway)", ep -> {
                var body = envelope(ep).getBytes(StandardCharsets.UTF_8);
                var head = RawHttp.head("POST", ep.path(), port(), List.of("Content-Type: " + soapType(ep.action()),
                        "Content-Length: " + body.length / 2));
                return RawHttp.send(port(), head, body, false, SOAP_TIMEOUT_MS);
            });
            addClosable("content-length-long", "Content-Length 1000 more than sent, then our side closed", ep -> {
                var body = envelope(ep).getBytes(StandardCharsets.UTF_8);
                var head = RawHttp.head("POST", ep.path(), port(), List.of("Content-Type: " + soapType(ep.action()),
                        "Content-Length: " + (body.length + 1000)));
                return RawHttp.send(port(), head, body, true, SOAP_TIMEOUT_MS);
            });
            add("gzip-garbage", "Content-Encoding gzip, random bytes", ep ->
                    RawHttp.post(port(), ep.path(), soapType(ep.action()), random1k, SOAP_TIMEOUT_MS, "Content-Encoding: gzip"));
            add("gzip-truncated", "Content-Encoding gzip, a valid envelope gzipped and cut in half", ep -> {
                var z = gzip(envelope(ep).getBytes(StandardCharsets.UTF_8));
                return RawHttp.post(port(), ep.path(), soapType(ep.action()), Arrays.copyOf(z, z.length / 2), SOAP_TIMEOUT_MS,
                        "Content-Encoding: gzip");
            });
            addClosable("chunked-broken", "Transfer-Encoding chunked with a chunk size that is not hex", ep -> {
                var head = RawHttp.head("POST", ep.path(), port(), List.of("Content-Type: " + soapType(ep.action()),
                        "Transfer-Encoding: chunked"));
                return RawHttp.send(port(), head, ("zz\r\n" + envelope(ep) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                        false, SOAP_TIMEOUT_MS);
            });
            addTolerant("no-content-type", "no Content-Type header", ep ->
                    RawHttp.post(port(), ep.path(), null, envelope(ep).getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS));
            addTolerant("wrong-content-type", "Content-Type image/png", ep ->
                    RawHttp.post(port(), ep.path(), "image/png", envelope(ep).getBytes(StandardCharsets.UTF_8), SOAP_TIMEOUT_MS));
            add("get-without-wsdl", "GET on the door", ep ->
                    RawHttp.send(port(), RawHttp.head("GET", ep.path(), port(), List.of()), new byte[0], false, SOAP_TIMEOUT_MS));
        }

        void run() throws Exception {
            long t0 = System.nanoTime();
            // control: the unmutated requests, as this test builds them, succeed
            for (var e : endpoints.entrySet()) {
                var ep = e.getValue().get();
                var r = classify(sendEnvelope(ep, envelope(ep)));
                controls.put(e.getKey(), r);
                if (r.outcome() != SoapOutcome.SUCCESS) {
                    problems.add("control: the valid " + e.getKey() + " request answered " + r.cell() + ": " + cut(r.body(), 400));
                }
            }
            if (!returnedPatients(controls.get("iti18").body()).contains(
                    baseline.documentPatient().getId() + "^^^&" + REGIONAL_OID + "&ISO")) {
                problems.add("control: the valid ITI-18 request did not return the baseline document's patient");
            }
            for (var c : cases.values()) {
                var row = new LinkedHashMap<String, SoapResult>();
                for (var e : endpoints.entrySet()) {
                    var answer = c.send().apply(e.getValue().get());
                    var r = classify(answer);
                    dump(c.name() + "__" + e.getKey(), null, answer);
                    row.put(e.getKey(), r);
                    checkCorpus(c, e.getKey(), r);
                }
                corpus.put(c.name(), row);
                System.out.println("fuzz: SOAP case " + c.name() + ": " + row.values().stream().map(SoapResult::cell).toList());
            }
            mutate("iti41", SOAP_MUTANTS);
            mutate("iti18", SOAP_MUTANTS);
            for (var e : leaks.entrySet()) {
                var where = e.getValue().stream().map(w -> w.replaceFirst(": $", "")).toList();
                problems.add(e.getKey() + " in " + where.size() + " SOAP answer(s): " + cut(String.join(", ", where), 600));
            }
            for (var e : badMutants.entrySet()) {
                problems.add(e.getValue().size() + " SOAP mutant(s) " + e.getKey() + ", first: " + e.getValue().get(0));
            }
            Thread.sleep(500);
            trap.close();
            if (trapHits.get() > 0) {
                problems.add("the engine made " + trapHits.get() + " connection(s) to a URL named in a request "
                        + "(external DTD/entity, xop:Include by URL, wsa:ReplyTo/FaultTo): " + trapRequests);
            }
            seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000_000);
        }

        /** Keeps a request (head) and its answer under target/fuzz-soap-answers, to look at afterwards. */
        private void dump(String name, byte[] request, RawHttp.Answer answer) {
            try {
                var dir = Engine.repo().resolve("conformance-tests/target/fuzz-soap-answers");
                Files.createDirectories(dir);
                var sb = new StringBuilder();
                if (request != null) {
                    sb.append("=== request (first 4000 bytes)\n")
                            .append(new String(request, 0, Math.min(request.length, 4000), StandardCharsets.UTF_8)).append("\n");
                }
                sb.append("=== answer: HTTP ").append(answer.status()).append(", ").append(answer.millis()).append(" ms")
                        .append(answer.problem() == null ? "" : ", " + answer.problem()).append('\n');
                answer.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
                sb.append('\n').append(cut(answer.text(), 20_000));
                Files.writeString(dir.resolve(name.replaceAll("[^\\w.-]", "_") + ".txt"), sb);
            } catch (IOException e) {
                // only for looking at
            }
        }

        private void checkCorpus(SoapCase c, String endpoint, SoapResult r) {
            var where = "SOAP case " + c.name() + " on " + endpoint + ": ";
            common(where, r);
            var ok = switch (r.outcome()) {
                case FAULT, FAILURE, HTTP_4XX -> true;
                case CLOSED -> c.expect() == Expect.FAULT_OR_CLOSE;
                case SUCCESS, PARTIAL -> c.expect() == Expect.TOLERANT;
                default -> false;
            };
            if (!ok) {
                problems.add(where + "answered " + r.cell() + " — expected a SOAP fault, a registry Failure or a 4xx: "
                        + cut(r.body(), 300) + (r.problem() == null ? "" : " [" + r.problem() + "]"));
            }
            if (c.expect() == Expect.FAULT_QUICKLY && r.millis() > BOMB_MAX_MS) {
                problems.add(where + "took " + r.millis() + " ms (limit " + BOMB_MAX_MS + " ms)");
            }
        }

        /** Checks for every SOAP answer: no hang, no stack trace, no file content. */
        private void common(String where, SoapResult r) {
            if (r.outcome() == SoapOutcome.TIMEOUT) {
                problems.add(where + "no answer within " + SOAP_TIMEOUT_MS + " ms");
            }
            if (r.leak() != null) {
                leaks.computeIfAbsent(r.leak().startsWith("stack") ? r.leak() : r.leak(), k -> new ArrayList<>()).add(where);
            }
            if (r.body().contains(markerText) || r.body().contains("root:x:0:0")) {
                problems.add(where + "the answer contains a local file's content (XXE)");
            }
        }

        /** Random byte-level mutations of a valid request (mostly in the SOAP envelope). */
        private void mutate(String endpoint, int count) {
            var outcomes = new EnumMap<SoapOutcome, Integer>(SoapOutcome.class);
            var codes = new TreeMap<String, Integer>();
            var millis = new long[2];
            for (int i = 0; i < count; i++) {
                var rnd = new Random(SEED * 31 + endpoint.hashCode() * 7L + i);
                var ep = endpoints.get(endpoint).get();
                var envelope = envelope(ep).getBytes(StandardCharsets.UTF_8);
                RawHttp.Answer answer;
                String what;
                byte[] mutated;
                if (ep.attachments().isEmpty()) {
                    mutated = mutateBytes(rnd, envelope, 0, envelope.length, nastyValues);
                    what = "envelope";
                    answer = RawHttp.post(port(), ep.path(), soapType(ep.action()), mutated, SOAP_TIMEOUT_MS);
                } else {
                    var boundary = "MIMEBoundary_fuzz" + i;
                    var whole = multipart(boundary, "<root.message@qiao.test>", envelope, ep.attachments());
                    int start = indexOf(whole, envelope);
                    boolean inEnvelope = rnd.nextInt(10) < 9;
                    mutated = inEnvelope ? mutateBytes(rnd, whole, start, start + envelope.length, nastyValues)
                            : mutateBytes(rnd, whole, 0, whole.length, nastyValues);
                    what = inEnvelope ? "envelope" : "whole MIME body";
                    // a mutant must not name a baseline resident: what it stores must stay outside the baseline
                    if (containsAny(mutated, baseline.regional().values())) {
                        mutated = whole;
                        what = "unmutated (mutant named a baseline resident)";
                    }
                    answer = RawHttp.post(port(), ep.path(), mtomType(boundary, "<root.message@qiao.test>", ep.action()),
                            mutated, SOAP_TIMEOUT_MS);
                }
                var r = classify(answer);
                outcomes.merge(r.outcome(), 1, Integer::sum);
                codes.merge(r.outcome() + (r.code() == null ? "" : " " + r.code()), 1, Integer::sum);
                millis[0] += r.millis();
                millis[1] = Math.max(millis[1], r.millis());
                var where = "SOAP mutant " + endpoint + " #" + i + " (" + what + "): ";
                common(where, r);
                if (r.outcome() == SoapOutcome.CLOSED || r.outcome() == SoapOutcome.HTTP_OTHER) {
                    badMutants.computeIfAbsent("on " + endpoint + " answered " + r.outcome(), k -> new ArrayList<>())
                            .add(where + r.cell() + ": " + cut(r.body(), 300) + (r.problem() == null ? "" : " [" + r.problem() + "]"));
                }
                if (r.outcome() == SoapOutcome.SUCCESS || r.outcome() == SoapOutcome.PARTIAL) {
                    // whatever a mutated query found must belong to a resident the request itself names
                    var request = new String(mutated, StandardCharsets.UTF_8).replace("&amp;", "&");
                    for (var pid : returnedPatients(r.body())) {
                        var id = pid.contains("^") ? pid.substring(0, pid.indexOf('^')) : pid;
                        if (id.isEmpty() || !request.contains(id)) {
                            badMutants.computeIfAbsent("on " + endpoint + " returned metadata of a resident the request "
                                    + "does not name", k -> new ArrayList<>()).add(where + pid);
                        }
                    }
                }
                if (i < 5 || r.outcome() != SoapOutcome.FAULT || (r.leak() != null && !r.leak().contains("UnmarshalException"))) {
                    dump("mutant-" + endpoint + "-" + i + "-" + r.outcome(), mutated, answer);
                }
            }
            mutantOutcomes.put(endpoint, outcomes);
            mutantCodes.put(endpoint, codes);
            mutantMillis.put(endpoint, millis);
        }
    }

    /**
     * Byte-level mutations of {@code in} between {@code from} and {@code to}, and value-level ones: an element
     * text or attribute value replaced by one of {@code values} (injection strings, huge, empty…), XML-escaped
     * so the request stays well-formed and reaches the registry.
     */
    static byte[] mutateBytes(Random r, byte[] in, int from, int to, List<String> values) {
        var b = new ByteArrayOutputStream();
        var s = new StringBuilder(new String(in, StandardCharsets.ISO_8859_1));
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            int span = Math.max(1, to - from);
            int p = Math.min(s.length() - 1, from + r.nextInt(span));
            if (p < 0) {
                break;
            }
            switch (r.nextInt(10)) {
                case 0 -> s.setCharAt(p, (char) ((s.charAt(p) ^ (1 << r.nextInt(8))) & 0xff));
                case 1 -> s.setCharAt(p, (char) (r.nextBoolean() ? r.nextInt(256) : 0x20 + r.nextInt(0x5f)));
                case 7, 8, 9 -> {
                    // a value: element text (>…<) or attribute value ("…")
                    boolean attribute = r.nextBoolean();
                    int open = attribute ? s.indexOf("=\"", p) : s.indexOf(">", p);
                    if (open < 0 || open >= to) {
                        break;
                    }
                    open += attribute ? 2 : 1;
                    int close = s.indexOf(attribute ? "\"" : "<", open);
                    if (close < 0 || close > to) {
                        break;
                    }
                    var value = utf8AsLatin1(xmlEscape(values.get(r.nextInt(values.size()))));
                    s.replace(open, close, value);
                    to += value.length() - (close - open);
                }
                case 2 -> {
                    var chunk = new StringBuilder();
                    for (int j = 1 + r.nextInt(8); j > 0; j--) {
                        chunk.append((char) r.nextInt(256));
                    }
                    s.insert(p, chunk);
                    to += chunk.length();
                }
                case 3 -> {
                    int len = Math.min(1 + r.nextInt(64), s.length() - p);
                    s.delete(p, p + len);
                    to -= len;
                }
                case 4 -> {
                    int len = Math.min(1 + r.nextInt(200), s.length() - p);
                    s.insert(p, s.substring(p, p + len));
                    to += len;
                }
                case 5 -> {
                    // drop one tag
                    int lt = s.indexOf("<", p);
                    int gt = lt < 0 ? -1 : s.indexOf(">", lt);
                    if (gt > 0 && gt < to) {
                        s.delete(lt, gt + 1);
                        to -= gt + 1 - lt;
                    }
                }
                default -> {
                    // swap two characters that matter to XML
                    var c = "<>\"'=/&:".charAt(r.nextInt(8));
                    s.setCharAt(p, c);
                }
            }
            to = Math.max(from + 1, Math.min(to, s.length()));
        }
        b.writeBytes(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static final Pattern EXTERNAL_IDENTIFIER = Pattern.compile("<(?:\\w+:)?ExternalIdentifier\\b[^>]*>");
    private static final Pattern VALUE_ATTRIBUTE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

    /** The XDSDocumentEntry/XDSSubmissionSet patientId values in a registry answer. */
    static List<String> returnedPatients(String body) {
        var out = new ArrayList<String>();
        var m = EXTERNAL_IDENTIFIER.matcher(body);
        while (m.find()) {
            var tag = m.group();
            if (tag.contains("urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427")      // XDSDocumentEntry.patientId
                    || tag.contains("urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446")) { // XDSSubmissionSet.patientId
                var v = VALUE_ATTRIBUTE.matcher(tag);
                if (v.find()) {
                    out.add(v.group(1).replace("&amp;", "&"));
                }
            }
        }
        return out;
    }

    static String xmlEscape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String utf8AsLatin1(String v) {
        return new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean containsAny(byte[] bytes, java.util.Collection<String> values) {
        var s = new String(bytes, StandardCharsets.ISO_8859_1);
        return values.stream().anyMatch(s::contains);
    }

    static byte[] bytes(Random r, int n) {
        var b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] gzip(byte[] in) {
        var out = new ByteArrayOutputStream();
        try (var z = new GZIPOutputStream(out)) {
            z.write(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    // ================================================================================================ report

    private void writeReport(StringBuilder md, Hl7Mutator mutator, Map<String, String> seedAnswers, Hl7Run hl7,
                             SoapRun soap, Baseline baseline, List<String> differences, boolean alive, String health,
                             long seconds) throws IOException {
        md.append("# Qiao fuzz report\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(OffsetDateTime.now().withNano(0)).append(" |\n");
        md.append("| machine | ").append(machine()).append(" |\n");
        md.append("| commit | ").append(commit()).append(" |\n");
        md.append("| database | ").append(System.getProperty("qiao.test.db", "h2")).append(" |\n");
        md.append("| HL7 mutants | ").append(COUNT).append(" (seed ").append(SEED).append(", ").append(CONNECTIONS)
                .append(" concurrent MLLP connections, read timeout ").append(HL7_TIMEOUT_MS / 1000).append(" s) |\n");
        md.append("| SOAP | ").append(soap.cases.size()).append(" malformed requests × 4 doors, ").append(SOAP_MUTANTS)
                .append(" mutants each of a valid ITI-41 (MTOM) and ITI-18 request |\n");
        md.append("| duration | ").append(seconds).append(" s in all; HL7 ").append(hl7.seconds).append(" s (")
                .append(COUNT / hl7.seconds).append(" messages/s), SOAP ").append(soap.seconds).append(" s |\n\n");

        md.append("## Verdict\n\n");
        md.append(problems.isEmpty() ? "**PASS** — no problem found.\n\n" : "**FAIL** — " + problems.size() + " problem(s):\n\n");
        synchronized (problems) {
            for (var p : problems.subList(0, Math.min(problems.size(), 100))) {
                md.append("- ").append(p.replace("\n", " ").replace("\r", "\\r")).append('\n');
            }
        }
        md.append('\n');
        md.append("| check | result |\n|---|---|\n");
        md.append("| engine process alive at the end | ").append(alive ? "yes" : "**no**").append(" |\n");
        md.append("| /actuator/health at the end | ").append(health).append(" |\n");
        md.append("| baseline (").append(baseline.ids().size()).append(" residents: admin JSON and ITI-9 answer; 1 document: "
                + "ITI-43 bytes and ITI-18 FindDocuments) | ").append(differences.isEmpty() ? "unchanged" : "**changed**: "
                + String.join("; ", differences)).append(" |\n");
        md.append("| HL7 timeouts (no answer in ").append(HL7_TIMEOUT_MS / 1000).append(" s) | ").append(hl7.total(Outcome.TIMEOUT)).append(" |\n");
        md.append("| HL7 answers with a stack trace, exception or Java class name | ").append(hl7.stackTraces.get()).append(" |\n");
        md.append("| HL7 AE/AR without ERR segment | ").append(hl7.errMissing.get()).append(" |\n");
        md.append("| HL7 answers without MSA AA/AE/AR | ").append(hl7.noAck.get()).append(" (and ")
                .append(hl7.garbledAfterBlockCharacters.get()).append(" for payloads with block characters inside) |\n");
        md.append("| HL7 \"Internal error\" answers (unexpected exception inside the engine) | ").append(hl7.internalErrors.get()).append(" |\n");
        md.append("| connections closed by the engine | ").append(hl7.total(Outcome.CLOSED)).append(" (")
                .append(hl7.closedWithoutFramingBreak.get()).append(" for payloads without block characters) |\n");
        md.append("| good-traffic probes (ITI-9 for a baseline resident + A01 for a new one + health) | ")
                .append(hl7.probesOk.get()).append(" / ").append(hl7.probes.get()).append(" OK; slowest ")
                .append(hl7.probeMaxMillis.get()).append(" ms, median ").append(median(hl7.probeMillis)).append(" ms |\n");
        md.append("| SOAP answers that leaked a file (XXE) / fetched a URL | ").append(problems.stream()
                .filter(p -> p.contains("XXE")).count()).append(" / ").append(soap.trapHits.get()).append(" |\n\n");

        md.append("## HL7 v2 over MLLP\n\n");
        md.append("Sent ").append(COUNT).append(" mutants (").append(hl7.bytesSent.get() / 1024).append(" KiB), ")
                .append(hl7.framingBreakers.get()).append(" of them with MLLP block characters (0x0B/0x1C) inside, after "
                + "which the client reconnects; ").append(hl7.reconnects.get()).append(" reconnects in all.\n\n");
        var outcomes = Outcome.values();
        md.append("| mutation | sent |");
        for (var o : outcomes) {
            md.append(' ').append(o).append(" |");
        }
        md.append(" avg ms | max ms |\n|---|---:|").append("---:|".repeat(outcomes.length + 2)).append('\n');
        long[] totals = new long[outcomes.length];
        synchronized (hl7.byKind) {
            for (var k : Kind.values()) {
                var counts = hl7.byKind.get(k);
                long sent = Arrays.stream(counts).sum();
                md.append("| ").append(k).append(" | ").append(sent).append(" |");
                for (var o : outcomes) {
                    md.append(' ').append(counts[o.ordinal()]).append(" |");
                    totals[o.ordinal()] += counts[o.ordinal()];
                }
                var ms = hl7.millisByKind.get(k);
                md.append(' ').append(sent == 0 ? 0 : ms[0] / sent).append(" | ").append(ms[1]).append(" |\n");
            }
        }
        md.append("| **all** | **").append(Arrays.stream(totals).sum()).append("** |");
        for (var t : totals) {
            md.append(" **").append(t).append("** |");
        }
        md.append(" | |\n\n");

        md.append("By seed message:\n\n| seed | ");
        for (var o : outcomes) {
            md.append(o).append(" | ");
        }
        md.append("unmutated seed answered |\n|---|").append("---:|".repeat(outcomes.length)).append("---|\n");
        synchronized (hl7.byKind) {
            for (var e : hl7.bySeed.entrySet()) {
                md.append("| ").append(e.getKey()).append(" | ");
                for (var o : outcomes) {
                    md.append(e.getValue()[o.ordinal()]).append(" | ");
                }
                md.append(seedAnswers.getOrDefault(e.getKey(), "").replace("|", "\\|")).append(" |\n");
            }
        }
        md.append('\n');
        if (!hl7.examples.isEmpty()) {
            md.append("### Anomalies (first ").append(hl7.examples.size()).append(")\n\n");
            for (var e : hl7.examples) {
                md.append("- ").append(e).append('\n');
            }
            md.append('\n');
        }

        md.append("## SOAP / MTOM corpus\n\n");
        md.append("Each malformed request sent to the four doors; cell: HTTP status, outcome, SOAP fault code (Value/Subcode) "
                + "or first registry error code, time. Expected — *fault*: a SOAP fault, a registry Failure or a 4xx; "
                + "*fault or close*: also a clean close (the HTTP framing itself is broken); *fault quickly*: a fault within "
                + BOMB_MAX_MS + " ms; *tolerant*: a request SOAP stacks commonly accept, success is noted, not failed. "
                + "Every answer: no stack trace, no exception name, no local file content, no fetched URL.\n\n");
        md.append("Control (the valid requests): ");
        soap.controls.forEach((k, v) -> md.append(k).append(' ').append(v.cell()).append("; "));
        md.append("\n\n| case | what | expected | ").append(String.join(" | ", soap.endpoints.keySet())).append(" |\n|---|---|---|")
                .append("---|".repeat(soap.endpoints.size())).append('\n');
        for (var e : soap.corpus.entrySet()) {
            var c = soap.cases.get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(c.description()).append(" | ")
                    .append(c.expect().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" |");
            for (var r : e.getValue().values()) {
                md.append(' ').append(r.cell().replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        md.append("\nRandom mutants of valid requests (bit/byte flips, inserts, deletes, duplicated ranges, dropped tags; ITI-41 "
                + "mostly inside the envelope). A mutant may stay valid: ITI-41 successes are documents stored for a fuzz "
                + "resident, never a baseline one.\n\n");
        md.append("| door | mutants | outcomes | answers (outcome, code: count) | avg ms | max ms |\n|---|---:|---|---|---:|---:|\n");
        for (var e : soap.mutantOutcomes.entrySet()) {
            int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            var ms = soap.mutantMillis.get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(n).append(" | ").append(e.getValue()).append(" | ")
                    .append(soap.mutantCodes.get(e.getKey()).toString().replace("|", "\\|")).append(" | ")
                    .append(n == 0 ? 0 : ms[0] / n).append(" | ").append(ms[1]).append(" |\n");
        }
        md.append('\n');

        md.append("## Engine log\n\n");
        md.append(engineLogSummary());
    }

    private static String median(List<Long> values) {
        synchronized (values) {
            if (values.isEmpty()) {
                return "-";
            }
            var sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return String.valueOf(sorted.get(sorted.size() / 2));
        }
    }

    private static String engineLogSummary() {
        try {
            var lines = Files.readAllLines(engine.dataDir.resolve("engine.log"), StandardCharsets.UTF_8);
            long errors = lines.stream().filter(l -> l.contains(" ERROR ")).count();
            long warns = lines.stream().filter(l -> l.contains(" WARN ")).count();
            var types = new TreeMap<String, Integer>();
            var p = Pattern.compile("\\b((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error))\\b");
            var messages = new TreeMap<String, Integer>();
            for (var line : lines) {
                var l = line.length() > 4000 ? line.substring(0, 4000) : line;
                var m = p.matcher(l);
                if (m.find()) {
                    types.merge(m.group(1), 1, Integer::sum);
                }
                if (l.contains(" ERROR ")) {
                    var msg = l.replaceFirst("^.*? ERROR .*? : ", "").replaceAll("[0-9a-f]{6}-\\d+|FZ\\d+|\\d+", "N");
                    messages.merge(cut(msg, 140), 1, Integer::sum);
                }
            }
            var sb = new StringBuilder();
            sb.append(lines.size()).append(" lines, ").append(errors).append(" ERROR, ").append(warns).append(" WARN.\n\n");
            sb.append("ERROR messages (numbers folded):\n\n| count | message |\n|---:|---|\n");
            messages.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
                    .forEach(e -> sb.append("| ").append(e.getValue()).append(" | ")
                            .append(e.getKey().replace("|", "\\|").replace("`", "'")).append(" |\n"));
            sb.append("\nException classes named in the log (first per line):\n\n| count | class |\n|---:|---|\n");
            types.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                    .forEach(e -> sb.append("| ").append(e.getValue()).append(" | ").append(e.getKey()).append(" |\n"));
            return sb.toString();
        } catch (IOException e) {
            return "(no engine log: " + e + ")\n";
        }
    }

    private static String machine() {
        var rt = Runtime.getRuntime();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return host + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + rt.availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version");
    }

    private static String commit() {
        try {
            var p = new ProcessBuilder("git", "-C", Engine.repo().toString(), "log", "-1", "--format=%H %s")
                    .redirectErrorStream(true).start();
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            var dirty = new ProcessBuilder("git", "-C", Engine.repo().toString(), "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            var changes = new String(dirty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            dirty.waitFor(10, TimeUnit.SECONDS);
            return cut(out, 100).replace("|", "\\|") + (changes.isEmpty() ? "" : " (with uncommitted changes)");
        } catch (Exception e) {
            return "?";
        }
    }
}
