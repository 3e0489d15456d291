package org.qiao.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark suite: baselines and the engine measured in the same run, each scenario {@code --runs} times,
 * medians into bench/REPORT.md.
 *
 * <p>Steps:
 * <ol>
 *   <li>bare HAPI server: ITI-8; bare IPF endpoints: ITI-8, ITI-41, ITI-18 (each its own process);</li>
 *   <li>for each registry size: load up to that size, start the engine (the first start's cold start is
 *       timed), ITI-18 and ITI-21; at the largest size then ITI-8 and ITI-41 (writes last, so the documents
 *       ITI-41 adds never inflate a FindDocuments answer);</li>
 *   <li>write the tables and the targets of issue 7 with PASS/FAIL.</li>
 * </ol>
 */
public final class Suite {

    /** Everything bench/run can set. */
    public record Options(List<Long> sizes, String db, int runs, Duration warmup, Duration duration,
                          int mllpWorkers, int soapWorkers, int documentsPerPatient, int documentBytes,
                          Path work, Path jar, Path repo, Path report, String note, String commit,
                          String pgUrl, String pgUser, boolean keepData, List<String> engineArgs,
                          boolean baselines, long pdqPatients, Duration pdqWarmup) {

        static Options parse(String[] args) {
            var a = BulkLoader.Args.parse(args);
            var repo = Path.of(a.get("repo", ".")).toAbsolutePath().normalize();
            return new Options(Sizes.parseList(a.get("sizes", "10k,100k,1M")), a.get("db", "h2"),
                    a.intValue("runs", 3), Duration.ofSeconds(a.intValue("warmup", 5)),
                    Duration.ofSeconds(a.intValue("duration", 20)), a.intValue("mllp-connections", 16),
                    a.intValue("soap-connections", 8), a.intValue("documents-per-patient", 10),
                    a.intValue("document-bytes", 10 * 1024),
                    Path.of(a.get("work", "bench/target/work")).toAbsolutePath(),
                    Path.of(a.get("jar", repo.resolve("routes/target/qiao/qiao.jar").toString())).toAbsolutePath(),
                    repo, Path.of(a.get("report", repo.resolve("bench/REPORT.md").toString())).toAbsolutePath(),
                    a.get("note", null), a.get("commit", "?"),
                    a.get("pg-url", "jdbc:postgresql://127.0.0.1:5432/test"), a.get("pg-user", "postgres"),
                    Boolean.parseBoolean(a.get("keep-data", "false")),
                    List.of(a.get("engine-args", "").trim().split("\\s+")).stream().filter(x -> !x.isEmpty()).toList(),
                    Boolean.parseBoolean(a.get("baselines", "true")),
                    Sizes.parse(a.get("pdq-patients", "1M")),
                    Duration.ofSeconds(a.intValue("pdq-warmup", 150)));
        }
    }

    /** The rows measured, by key (e.g. "ITI-8 engine"), and the report that was written. */
    public record Outcome(Map<String, Report.Row> rows, Report report, double engineColdStart,
                          Map<String, Double> entriesPerAnswer, long auditsReceived) {
    }

    private final Options o;
    private final Map<String, Report.Row> rows = new LinkedHashMap<>();
    /** Audit messages the audited bare IPF sent (all of its requests, warm-ups too), and its requests measured. */
    private long auditsReceived = -1, auditedRequests;
    /** Document entries per FindDocuments answer, by row key (ITI-18 rows only). */
    private final Map<String, Double> entriesPerAnswer = new LinkedHashMap<>();

    public Suite(Options options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        if ("console".equals(BulkLoader.Args.parse(args).get("scenario", "ipf"))) {
            ConsoleSuite.main(args); // bench/run --scenario console: the console's reads (bench/CONSOLE-REPORT.md)
            return;
        }
        var options = Options.parse(args);
        var outcome = new Suite(options).run();
        System.err.println(outcome.report() == null ? "no report (--baselines false)" : "report: " + options.report());
        for (var r : outcome.rows().values()) {
            System.err.printf("%-28s %-10s %10.1f/s p99 %8.2f ms  ok %d  not ok %d%n", r.scenario(), r.server(),
                    r.throughput(), r.p(99), r.ok(), r.failed());
        }
    }

    public Outcome run() throws Exception {
        Files.createDirectories(o.work());
        var pool = new Generators.PatientPool(1, 1000);

        double bareIpfStart = Double.NaN;
        if (o.baselines()) {
            bareIpfStart = baselines(pool);
        }

        var dataDir = o.work().resolve("engine-" + o.db() + "-" + System.currentTimeMillis());
        var schema = "postgres".equals(o.db()) ? "bench_" + UUID.randomUUID().toString().substring(0, 8) : null;
        var pgArgs = schema == null ? List.<String>of() : List.of("--spring.profiles.active=postgres",
                "--qiao.db.url=" + o.pgUrl() + "?currentSchema=" + schema, "--qiao.db.user=" + o.pgUser(),
                "--spring.flyway.schemas=" + schema);
        var engineArgs = new ArrayList<>(pgArgs);
        engineArgs.addAll(o.engineArgs());
        double engineStart = Double.NaN;
        var sizeRows = new LinkedHashMap<Long, Report.Row>();
        var pdqRows = new LinkedHashMap<Long, Report.Row>();
        var fhirRows = new LinkedHashMap<String, Report.Row>();
        Report.Row pdqAlone = null;
        try {
            BulkLoader.Loaded loaded = null;
            for (int i = 0; i < o.sizes().size(); i++) {
                long size = o.sizes().get(i);
                loaded = load(dataDir, schema, loaded, size / o.documentsPerPatient(), size);
                // FindDocuments asks for residents that have documents: those loaded with them
                var documentPool = loaded.pool();
                boolean last = i == o.sizes().size() - 1;
                if (last && o.pdqPatients() > loaded.patients()) {
                    // more residents (without documents) for PDQ at the largest size: a region has far more
                    // residents than the documents-per-patient ratio gives a test registry
                    loaded = load(dataDir, schema, loaded, o.pdqPatients(), loaded.documents());
                }
                log("engine at " + Sizes.format(size) + " documents, " + Sizes.format(loaded.patients()) + " residents");
                try (var engine = Server.engine(o.jar(), o.repo(), dataDir, engineArgs)) {
                    if (i == 0) {
                        engineStart = engine.coldStartSeconds;
                    }
                    var row = measure("ITI-18 @ " + Sizes.format(size), engine, o.soapWorkers(),
                            Generators.iti18(engine.url("/services/xds-iti18"), documentPool));
                    sizeRows.put(size, row);
                    pdqRows.put(loaded.patients(), measure("ITI-21 @ " + Sizes.format(loaded.patients()), engine,
                            o.mllpWorkers(), Generators.iti21("127.0.0.1", engine.mllpPort, loaded.patients()),
                            pdqWarmup()));
                    // the FHIR doors on the same data, beside their SOAP and MLLP twins (issue 23)
                    fhirRows.put("ITI-67 @ " + Sizes.format(size), measure("ITI-67 @ " + Sizes.format(size), engine,
                            o.soapWorkers(), Generators.iti67(engine.url("/fhir"), documentPool)));
                    fhirRows.put("ITI-78 @ " + Sizes.format(loaded.patients()), measure("ITI-78 @ "
                            + Sizes.format(loaded.patients()), engine, o.mllpWorkers(),
                            Generators.iti78(engine.url("/fhir"), loaded.patients())));
                    // the writes come last: ITI-41 adds thousands of documents to the loaded residents, which
                    // would make every later FindDocuments answer far more than its 10 documents
                    if (last) {
                        // one registration desk alone: the query's own latency, without 15 others queued ahead
                        pdqAlone = measure("ITI-21 @ " + Sizes.format(loaded.patients()) + ", 1 connection", engine,
                                1, Generators.iti21("127.0.0.1", engine.mllpPort, loaded.patients()), pdqWarmup());
                        measure("ITI-8", engine, o.mllpWorkers(), Generators.iti8("127.0.0.1", engine.mllpPort));
                        measure("ITI-41", engine, o.soapWorkers(), Generators.iti41(
                                engine.url("/services/xds-iti41"), documentPool, o.documentBytes()));
                    }
                }
            }
        } finally {
            // a 1M-document registry is gigabytes: gone after the run unless --keep-data
            if (!o.keepData()) {
                try (var paths = Files.walk(dataDir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (schema != null && !o.keepData()) {
                try (var c = DriverManager.getConnection(o.pgUrl(), o.pgUser(), "");
                     var s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }

        if (!o.baselines()) {
            return new Outcome(rows, null, engineStart, entriesPerAnswer, auditsReceived); // a diagnostic run: no ratios, no report
        }
        var report = write(sizeRows, pdqRows, fhirRows, pdqAlone, engineStart, bareIpfStart);
        return new Outcome(rows, report, engineStart, entriesPerAnswer, auditsReceived);
    }

    /** Measures the baselines; returns the bare IPF process's cold start. */
    private double baselines(Generators.PatientPool pool) throws Exception {
        log("bare HAPI server");
        try (var hapi = Server.bareHapi(o.work().resolve("bare-hapi"))) {
            measure("ITI-8", hapi, o.mllpWorkers(), Generators.iti8("127.0.0.1", hapi.mllpPort));
        }
        double bareIpfStart;
        log("bare IPF endpoints");
        try (var ipf = Server.bareIpf(o.work().resolve("bare-ipf"), false)) {
            bareIpfStart = ipf.coldStartSeconds;
            measure("ITI-8", ipf, o.mllpWorkers(), Generators.iti8("127.0.0.1", ipf.mllpPort));
            measure("ITI-41", ipf, o.soapWorkers(),
                    Generators.iti41(ipf.url("/services/bare-iti41"), pool, o.documentBytes()));
            measure("ITI-18", ipf, o.soapWorkers(), Generators.iti18(ipf.url("/services/bare-iti18"), pool));
            measure("ITI-18 (10 entries)", ipf, o.soapWorkers(),
                    Generators.iti18(ipf.url("/services/bare-iti18-10"), pool));
            measure("ITI-21", ipf, o.mllpWorkers(), Generators.iti21("127.0.0.1", ipf.pdqPort, pool.lastPerson()),
                    pdqWarmup());
        }
        // the same endpoints with IPF's ATNA on: every transaction of the engine must be audited, so what IPF's
        // own audit costs is part of any engine's floor
        log("bare IPF endpoints, audited");
        try (var ipf = Server.bareIpf(o.work().resolve("bare-ipf-audited"), true)) {
            long requests = 0;
            for (var row : List.of(
                    measure("ITI-8", ipf, o.mllpWorkers(), Generators.iti8("127.0.0.1", ipf.mllpPort)),
                    measure("ITI-41", ipf, o.soapWorkers(),
                            Generators.iti41(ipf.url("/services/bare-iti41"), pool, o.documentBytes())),
                    measure("ITI-41 (durable minimum)", ipf, o.soapWorkers(),
                            Generators.iti41(ipf.url("/services/bare-iti41-durable"), pool, o.documentBytes())),
                    measure("ITI-18 (10 entries)", ipf, o.soapWorkers(),
                            Generators.iti18(ipf.url("/services/bare-iti18-10"), pool)),
                    measure("ITI-21", ipf, o.mllpWorkers(),
                            Generators.iti21("127.0.0.1", ipf.pdqPort, pool.lastPerson()), pdqWarmup()))) {
                requests += row.ok();
            }
            auditsReceived = ipf.auditMessagesReceived();
            auditedRequests = requests;
            log("  audited bare IPF: " + auditsReceived + " audit messages received for " + requests
                    + " requests answered (measured runs only)");
        }

        return bareIpfStart;
    }

    /** Loads the registry up to {@code residents} residents and {@code documents} documents. */
    private BulkLoader.Loaded load(Path dataDir, String schema, BulkLoader.Loaded before, long residents,
                                   long documents) throws Exception {
        long docs = documents - (before == null ? 0 : before.documents());
        long patients = Math.max(1, residents) - (before == null ? 0 : before.patients());
        log("loading up to " + Sizes.format(documents) + " documents and " + Sizes.format(Math.max(1, residents))
                + " residents into " + o.db());
        var args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--db", o.db(),
                "--patients", Long.toString(Math.max(0, patients)), "--documents", Long.toString(Math.max(0, docs))));
        if (schema != null) {
            args.addAll(List.of("--pg-url", o.pgUrl(), "--pg-user", o.pgUser(), "--schema", schema));
        }
        Files.createDirectories(dataDir);
        var a = BulkLoader.Args.parse(args.toArray(String[]::new));
        try (var ds = BulkLoader.dataSource(a, dataDir)) {
            BulkLoader.migrate(ds, a);
            return new BulkLoader(ds, 1000, System.err).load(dataDir, Math.max(0, patients), Math.max(0, docs));
        }
    }

    private Report.Row measure(String scenario, Server server, int workers, ClosedLoop.CallerFactory load)
            throws Exception {
        return measure(scenario, server, workers, load, o.warmup());
    }

    /**
     * PDQ's warm-up: at 1 M residents the engine needs minutes, not seconds, before its queries run compiled and
     * its young collections settle (bench/PROFILE.md); the other scenarios keep --warmup.
     */
    private Duration pdqWarmup() {
        return o.pdqWarmup().compareTo(o.warmup()) > 0 ? o.pdqWarmup() : o.warmup();
    }

    private Report.Row measure(String scenario, Server server, int workers, ClosedLoop.CallerFactory load,
                               Duration warmup) throws Exception {
        var runs = new ArrayList<LoadResult>();
        var cpu = new ArrayList<Double>();
        Generators.DOCUMENTS_FOUND.reset();
        Generators.ANSWERS.reset();
        for (int i = 0; i < o.runs(); i++) {
            double before = server.cpuSeconds();
            var r = ClosedLoop.run(scenario, workers, i == 0 ? warmup : Duration.ofSeconds(1), o.duration(), load);
            cpu.add(server.cpuSeconds() - before);
            runs.add(r);
            log(String.format("  %s on %s, run %d: %.1f/s, p99 %.2f ms, ok %d, not ok %d", scenario, server.name, i + 1,
                    r.throughput(), r.percentileMillis(99), r.ok(), r.failed()));
        }
        var row = new Report.Row(scenario, server.name, runs, cpu, server.peakRssMib());
        rows.put(scenario + " " + server.name, row);
        if (Generators.ANSWERS.sum() > 0) {
            entriesPerAnswer.put(scenario + " " + server.name,
                    Generators.DOCUMENTS_FOUND.sum() / (double) Generators.ANSWERS.sum());
        }
        return row;
    }

    private Report write(Map<Long, Report.Row> sizeRows, Map<Long, Report.Row> pdqRows,
                         Map<String, Report.Row> fhirRows, Report.Row pdqAlone,
                         double engineStart, double bareIpfStart) throws Exception {
        var report = new Report("Qiao benchmark report", o.note());
        var iti8 = rows.get("ITI-8 engine");
        var hapi = rows.get("ITI-8 bare HAPI");
        report.table("ITI-8 patient identity feed (MLLP, " + o.mllpWorkers() + " connections)",
                "Each connection sends a ~1 KB ADT^A01 (UTF-8, Chinese names, unique MSH-10) and waits for its ACK. "
                        + "The engine's AA comes after the durable commit and the audit; the baselines only parse and ACK.",
                List.of(iti8, hapi, rows.get("ITI-8 bare IPF"), rows.get("ITI-8 bare IPF, validated + audited")), hapi);
        var iti41 = rows.get("ITI-41 engine");
        var ipf41 = rows.get("ITI-41 bare IPF");
        var ipf41audited = rows.get("ITI-41 bare IPF, validated + audited");
        report.table("ITI-41 provide and register (SOAP/MTOM, 1 document of " + o.documentBytes() / 1024 + " KB)",
                o.soapWorkers() + " connections. \"bare IPF, validated + audited\": the same bare endpoint with IPF's ATNA on, "
                        + "sending each transaction's audit message over UDP syslog to a receiver that discards it "
                        + "(the engine's go to its own audit record repository, which stores them). \"(durable "
                        + "minimum)\": that endpoint also stores each submission in the least durable way (the "
                        + "document's file fsynced, one row in an H2 file database committed, as the engine opens "
                        + "H2), the floor of an IPF repository on H2 here.",
                List.of(iti41, ipf41, ipf41audited, rows.get("ITI-41 (durable minimum) bare IPF, validated + audited")),
                ipf41);
        var ipf18 = rows.get("ITI-18 bare IPF");
        var ipf18ten = rows.get("ITI-18 (10 entries) bare IPF");
        var growth = new ArrayList<Report.Row>();
        growth.add(ipf18);
        growth.add(ipf18ten);
        growth.add(rows.get("ITI-18 (10 entries) bare IPF, validated + audited"));
        growth.addAll(sizeRows.values());
        var entries = new StringBuilder();
        entriesPerAnswer.forEach((key, mean) -> entries.append(entries.isEmpty() ? "" : "; ")
                .append(key.replace("ITI-18 ", "").replace("(10 entries) ", "")).append(String.format(" %.1f", mean)));
        report.table("ITI-18 FindDocuments as the registry grows (" + o.db() + ")",
                "Mix of patient + status, + classCode, + creationTime range (LeafClass), for random loaded residents ("
                        + o.documentsPerPatient() + " documents each). The first bare IPF endpoint answers an empty "
                        + "Success (the baseline of issue 7); the second (\"ITI-18 (10 entries)\") answers ten canned "
                        + "document entries from memory, as many as a loaded resident has: what IPF and CXF alone cost "
                        + "to transform and write the engine's answer. Ratios are to the empty answer. Entries per "
                        + "answer, in row order: " + entries + ".",
                growth, ipf18);
        var pdqTable = new ArrayList<Report.Row>();
        pdqTable.add(rows.get("ITI-21 bare IPF"));
        pdqTable.add(rows.get("ITI-21 bare IPF, validated + audited"));
        pdqTable.addAll(pdqRows.values());
        pdqTable.add(pdqAlone);
        report.table("ITI-21 PDQ by name and birth date as the patient index grows (" + o.db() + ")",
                "QBP^Q22 by family name and birth date of a random loaded resident, up to 10 persons per answer; "
                        + o.mllpWorkers() + " connections, and 1 connection at the largest size. Each PDQ "
                        + "scenario is warmed " + pdqWarmup().toSeconds() + " s before its first measured run. "
                        + "The target is absolute; the bare IPF pdq-iti21 endpoint answers every query with the "
                        + "engine's answer for one resident (one PID), without and with IPF's audit: the floor of "
                        + "any supplier built on IPF. Audit messages the audited bare IPF sent (all its requests, "
                        + "warm-ups included): " + auditsReceived + ", for " + auditedRequests
                        + " requests in its measured runs.",
                pdqTable, null);
        var fhirTable = new ArrayList<Report.Row>();
        for (var size : sizeRows.keySet()) {
            fhirTable.add(sizeRows.get(size));
            fhirTable.add(fhirRows.get("ITI-67 @ " + Sizes.format(size)));
        }
        for (var patients : pdqRows.keySet()) {
            fhirTable.add(pdqRows.get(patients));
            fhirTable.add(fhirRows.get("ITI-78 @ " + Sizes.format(patients)));
        }
        report.table("FHIR doors beside their SOAP and MLLP twins (" + o.db() + ")",
                "ITI-67 (MHD): DocumentReference?patient=<regional id>&status=current for random loaded residents, "
                        + o.soapWorkers() + " connections, beside ITI-18 on the same data. ITI-78 (PDQm): "
                        + "Patient?family=&birthdate=&_count=10, " + o.mllpWorkers() + " connections, beside ITI-21 "
                        + "(QBP^Q22 by the same name and birth date). Issue 23: the FHIR door's p99 at most 1.5× its twin's.",
                fhirTable.stream().filter(java.util.Objects::nonNull).toList(), null, true);
        report.text("Start", String.format("| server | process start → health UP (s) |%n|---|---|%n| engine | %.1f |%n"
                + "| bare IPF | %.1f |%n", engineStart, bareIpfStart));

        report.target("ITI-8, " + o.mllpWorkers() + " connections: ≥ 1.0× bare HAPI throughput",
                String.format("%.2f×", iti8.throughput() / hapi.throughput()), iti8.throughput() >= hapi.throughput());
        report.target("ITI-8 p99 ≤ 20 ms", String.format("%.2f ms", iti8.p(99)), iti8.p(99) <= 20);
        report.target("ITI-41 (1 document, 10 KB): ≥ 0.7× bare IPF ITI-41",
                String.format("%.2f×", iti41.throughput() / ipf41.throughput()),
                iti41.throughput() >= 0.7 * ipf41.throughput());
        report.target("(not in issue 7) bare IPF ITI-41, validated + audited: ≥ 0.7× bare IPF ITI-41",
                String.format("%.2f×", ipf41audited.throughput() / ipf41.throughput()),
                ipf41audited.throughput() >= 0.7 * ipf41.throughput());
        var durable41 = rows.get("ITI-41 (durable minimum) bare IPF, validated + audited");
        report.target("(not in issue 7) the same, storing each submission in the least durable way: ≥ 0.7× bare IPF "
                        + "ITI-41", String.format("%.2f×", durable41.throughput() / ipf41.throughput()),
                durable41.throughput() >= 0.7 * ipf41.throughput());
        long largest = o.sizes().get(o.sizes().size() - 1);
        var big = sizeRows.get(largest);
        report.target("ITI-18 p99 at " + Sizes.format(largest) + " documents (" + o.db() + ") ≤ 2× bare IPF ITI-18 p99",
                String.format("%.2f ms vs %.2f ms", big.p(99), ipf18.p(99)), big.p(99) <= 2 * ipf18.p(99));
        report.target("(not in issue 7) the same, against bare IPF answering the same ten entries from memory, audited",
                String.format("%.2f ms vs %.2f ms", big.p(99), rows.get("ITI-18 (10 entries) bare IPF, validated + audited").p(99)),
                big.p(99) <= 2 * rows.get("ITI-18 (10 entries) bare IPF, validated + audited").p(99));
        report.target("(not in issue 7) the same, against bare IPF answering the same ten entries from memory",
                String.format("%.2f ms vs %.2f ms", big.p(99), ipf18ten.p(99)), big.p(99) <= 2 * ipf18ten.p(99));
        long mostPatients = pdqRows.keySet().stream().max(Long::compare).orElse(0L);
        var pdq = pdqRows.get(mostPatients);
        report.target("PDQ (ITI-21) by name at " + Sizes.format(mostPatients) + " patients: p99 ≤ 20 ms"
                        + (mostPatients >= 1_000_000 ? "" : " (the target is at 1 M)"),
                String.format("%.2f ms", pdq.p(99)), mostPatients >= 1_000_000 ? pdq.p(99) <= 20 : null);
        var pdqBare = rows.get("ITI-21 bare IPF, validated + audited");
        report.target("(not in issue 7) PDQ (ITI-21), " + o.mllpWorkers() + " connections, on bare IPF answering one "
                + "canned PID, audited: p99 ≤ 20 ms", String.format("%.2f ms", pdqBare.p(99)), pdqBare.p(99) <= 20);
        report.target("PDQ (ITI-21) by name at " + Sizes.format(mostPatients) + " patients, 1 connection: p99 ≤ 20 ms",
                String.format("%.2f ms", pdqAlone.p(99)), mostPatients >= 1_000_000 ? pdqAlone.p(99) <= 20 : null);
        var iti67 = fhirRows.get("ITI-67 @ " + Sizes.format(largest));
        report.target("ITI-67 p99 at " + Sizes.format(largest) + " documents ≤ 1.5× ITI-18 p99 (issue 23)",
                String.format("%.2f ms vs %.2f ms", iti67.p(99), big.p(99)), iti67.p(99) <= 1.5 * big.p(99));
        var iti78 = fhirRows.get("ITI-78 @ " + Sizes.format(mostPatients));
        report.target("ITI-78 p99 at " + Sizes.format(mostPatients) + " residents ≤ 1.5× ITI-21 p99 (issue 23)",
                String.format("%.2f ms vs %.2f ms", iti78.p(99), pdq.p(99)), iti78.p(99) <= 1.5 * pdq.p(99));
        report.target("cold start ≤ 10 s", String.format("%.1f s (%s)", engineStart,
                Server.classDataSharing(o.jar()).isEmpty() ? "no class data sharing archive"
                        : "with the build's class data sharing archive"), engineStart <= 10);
        report.target("heap ≤ 512 MB at 1 M documents", "engine runs with -Xmx512m; peak RSS "
                + String.format("%.0f MiB", big.peakRssMib()) + " at " + Sizes.format(largest),
                largest >= 1_000_000 ? big.failed() == 0 : null);

        report.text("Profile", "Where the engine's time goes, what was changed because of it and what would reach "
                + "the targets still missed: `bench/PROFILE.md` (a Java Flight Recorder profile under this load).");
        Files.createDirectories(o.report().getParent());
        report.write(o.report(), Report.machine(o.commit()));
        return report;
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
