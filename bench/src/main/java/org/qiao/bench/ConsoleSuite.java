package org.qiao.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * The console's reads at a region's size (issue 22): {@code bench/run --scenario console} writes
 * bench/CONSOLE-REPORT.md.
 *
 * <p>Steps:
 * <ol>
 *   <li>load (or, with {@code --data-dir} of an earlier load, reuse) {@code --residents} residents and
 *       {@code --documents} documents with {@link BulkLoader}, then their visits and the statistics history with
 *       {@link ConsoleLoader}; both timed;</li>
 *   <li>start the engine on that store (-Xmx512m, as Server.engine) with one OPERATOR user whose bcrypt hash
 *       {@code qiao.jar hash-password} makes for a random password of this run;</li>
 *   <li>each worker signs in through the console's login form, as a browser does, and calls the API with that
 *       session (the console's pages call the same API so); one baseline also with HTTP Basic, which checks the
 *       bcrypt hash on every request;</li>
 *   <li>per scenario, {@code --runs} closed-loop runs of {@code --workers} workers (the first after
 *       {@code --warmup}), medians of the runs: the baseline (GET /api/outbox: the same door, session and JSON,
 *       one trivial SQL), the resident timeline of random residents (all, and filtered by kind), the resident
 *       search by a family-name prefix, the resident page, and statistics questions;</li>
 *   <li>the table, the ratios to the baseline and the target (timeline and statistics p99 ≤ 300 ms).</li>
 * </ol>
 */
public final class ConsoleSuite {

    /** p99 the timeline and the statistics must stay under (issue 22), in milliseconds. */
    static final double TARGET_P99_MS = 300;

    public record Options(long residents, long documents, int workers, int runs, Duration warmup, Duration duration,
                          Path work, Path dataDir, Path jar, Path repo, Path report, String note, String commit,
                          boolean keepData, List<String> engineArgs) {

        static Options parse(String[] args) {
            var a = BulkLoader.Args.parse(args);
            var repo = Path.of(a.get("repo", ".")).toAbsolutePath().normalize();
            var work = Path.of(a.get("work", "bench/target/work")).toAbsolutePath();
            var dataDir = a.get("data-dir", null);
            return new Options(a.longValue("residents", 100_000), a.longValue("documents", 1_000_000),
                    a.intValue("workers", 4), a.intValue("runs", 3), Duration.ofSeconds(a.intValue("warmup", 10)),
                    Duration.ofSeconds(a.intValue("duration", 20)), work,
                    dataDir == null ? null : Path.of(dataDir).toAbsolutePath(),
                    Path.of(a.get("jar", repo.resolve("routes/target/qiao/qiao.jar").toString())).toAbsolutePath(),
                    repo, Path.of(a.get("report", repo.resolve("bench/CONSOLE-REPORT.md").toString())).toAbsolutePath(),
                    a.get("note", null), a.get("commit", "?"), Boolean.parseBoolean(a.get("keep-data", "false")),
                    List.of(a.get("engine-args", "").trim().split("\\s+")).stream().filter(x -> !x.isEmpty()).toList());
        }
    }

    /** One measured scenario: its rows, mean items (entries, residents, series) per answer, answers with none. */
    public record Measured(String name, Report.Row row, double itemsPerAnswer, long emptyAnswers, double bytesPerAnswer,
                           double maxMillis, boolean target) {
    }

    public record Outcome(Map<String, Measured> scenarios, Path report, BulkLoader.Loaded loaded,
                          ConsoleLoader.Made made, double loadSeconds, double consoleLoadSeconds) {
    }

    /** One question to the API, with how many items its answer holds. */
    record Scenario(String name, boolean target, boolean basic, Function<SplittableRandom, String> path,
                    ToLongFunction<String> items) {
    }

    private final Options o;
    private BulkLoader.Loaded loaded;

    public ConsoleSuite(Options options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args);
        var outcome = new ConsoleSuite(options).run();
        System.err.println("report: " + outcome.report());
        for (var m : outcome.scenarios().values()) {
            System.err.printf("%-60s %8.1f/s p99 %8.2f ms  max %8.2f ms  ok %d  not ok %d%n", m.name(),
                    m.row().throughput(), m.row().p(99), m.maxMillis(), m.row().ok(), m.row().failed());
        }
    }

    public Outcome run() throws Exception {
        Files.createDirectories(o.work());
        var reuse = o.dataDir() != null && Files.exists(o.dataDir().resolve("bench-data.properties"));
        var dataDir = o.dataDir() != null ? o.dataDir()
                : o.work().resolve("console-h2-" + System.currentTimeMillis());
        double loadSeconds = Double.NaN;
        double consoleSeconds = Double.NaN;
        ConsoleLoader.Made made = null;
        List<String> statRows;
        var scenarios = new LinkedHashMap<String, Measured>();
        try {
            Files.createDirectories(dataDir);
            var a = BulkLoader.Args.parse(new String[] {"--db", "h2"});
            try (var ds = BulkLoader.dataSource(a, dataDir)) {
                BulkLoader.migrate(ds, a);
                if (reuse) {
                    log("reusing the load in " + dataDir);
                    loaded = readLoaded(dataDir);
                } else {
                    log("loading " + Sizes.format(o.residents()) + " residents and " + Sizes.format(o.documents())
                            + " documents into " + dataDir);
                    long t0 = System.nanoTime();
                    loaded = new BulkLoader(ds, 1000, System.err).load(dataDir, o.residents(), o.documents());
                    loadSeconds = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    made = new ConsoleLoader(ds, System.err).load(loaded.patients(), 1000);
                    consoleSeconds = (System.nanoTime() - t1) / 1e9;
                    writeMade(dataDir, made, loadSeconds, consoleSeconds);
                }
                statRows = new ConsoleLoader(ds, System.err).describe();
            }
            if (reuse) {
                var p = properties(dataDir);
                made = new ConsoleLoader.Made(Long.parseLong(p.getProperty("visits", "-1")),
                        Long.parseLong(p.getProperty("diagnoses", "-1")), Long.parseLong(p.getProperty("stat-rows", "-1")));
                loadSeconds = Double.parseDouble(p.getProperty("load-seconds", "NaN"));
                consoleSeconds = Double.parseDouble(p.getProperty("console-load-seconds", "NaN"));
            }
            long dbBytes = Files.size(dataDir.resolve("qiao.mv.db"));

            var password = UUID.randomUUID().toString();
            var args = new ArrayList<>(List.of("--qiao.security.users[0].name=bench",
                    "--qiao.security.users[0].password=" + hashPassword(password),
                    "--qiao.security.users[0].roles[0]=OPERATOR"));
            args.addAll(o.engineArgs());
            log("engine on " + Sizes.format(loaded.patients()) + " residents, " + Sizes.format(loaded.documents())
                    + " documents");
            double coldStart;
            try (var engine = Server.engine(o.jar(), o.repo(), dataDir, args)) {
                coldStart = engine.coldStartSeconds;
                for (var s : scenarios()) {
                    scenarios.put(s.name(), measure(engine, s, password));
                }
            }
            write(scenarios, made, loadSeconds, consoleSeconds, statRows, dbBytes, coldStart);
        } finally {
            if (!o.keepData() && o.dataDir() == null) {
                try (var paths = Files.walk(dataDir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return new Outcome(scenarios, o.report(), loaded, made, loadSeconds, consoleSeconds);
    }

    /** The questions measured, the baseline first. */
    List<Scenario> scenarios() {
        var last = ConsoleLoader.LAST_DAY;
        ToLongFunction<String> series = body -> count(body, "\"key\":");
        ToLongFunction<String> entries = body -> number(body, "\"count\":");
        // statistics windows end up to 30 days before the history's last day, so questions differ
        Function<SplittableRandom, LocalDate> end = r -> last.minusDays(r.nextInt(31));
        return List.of(
                new Scenario("baseline: GET /api/outbox", false, false, r -> "/api/outbox", body -> 1),
                new Scenario("baseline: GET /api/outbox, HTTP Basic", false, true, r -> "/api/outbox", body -> 1),
                new Scenario("timeline of a random resident", true, false,
                        r -> "/api/residents/" + regional(r) + "/timeline", entries),
                new Scenario("timeline, kind=lab,discharge-summary,discharge", true, false,
                        r -> "/api/residents/" + regional(r) + "/timeline?kind=lab,discharge-summary,discharge",
                        entries),
                new Scenario("resident search by family name (q=张…)", false, false,
                        r -> "/api/residents?q=" + enc(Residents.of(r.nextLong(Math.max(1, loaded.patients()))).family()),
                        body -> count(body, "\"regionalId\":")),
                new Scenario("resident page", false, false, r -> "/api/residents/" + regional(r),
                        body -> count(body, "\"familyName\":")),
                new Scenario("statistics: visits by day, 90 days, by hospital", true, false, r -> {
                    var to = end.apply(r);
                    return "/api/statistics/visits?from=" + to.minusDays(89) + "&to=" + to + "&by=day&group=hospital";
                }, series),
                new Scenario("statistics: documents by month, 2 years, by kind", true, false, r -> {
                    var to = end.apply(r);
                    return "/api/statistics/documents?from=" + to.minusDays(729) + "&to=" + to + "&by=month&group=kind";
                }, series),
                new Scenario("statistics: discharge-diagnoses by month, 2 years, by chapter", true, false, r -> {
                    var to = end.apply(r);
                    return "/api/statistics/discharge-diagnoses?from=" + to.minusDays(729) + "&to=" + to
                            + "&by=month&group=chapter";
                }, series),
                new Scenario("statistics: lab-results by week, 1 year, by code", true, false, r -> {
                    var to = end.apply(r);
                    return "/api/statistics/lab-results?from=" + to.minusDays(364) + "&to=" + to + "&by=week&group=code";
                }, series));
    }

    private String regional(SplittableRandom r) {
        return String.format("QR%010d", loaded.firstPerson() + r.nextLong(loaded.lastPerson() - loaded.firstPerson() + 1));
    }

    private Measured measure(Server engine, Scenario s, String password) throws Exception {
        var runs = new ArrayList<LoadResult>();
        var cpu = new ArrayList<Double>();
        var items = new LongAdder();
        var answers = new LongAdder();
        var empty = new LongAdder();
        var bytes = new LongAdder();
        double max = 0;
        for (int i = 0; i < o.runs(); i++) {
            double before = engine.cpuSeconds();
            var r = ClosedLoop.run(s.name(), o.workers(), i == 0 ? o.warmup() : Duration.ofSeconds(1), o.duration(),
                    worker -> {
                        var session = new Session(engine, "bench", password, s.basic());
                        var random = new SplittableRandom(worker * 7919L + s.name().hashCode());
                        return () -> {
                            var body = session.get(s.path().apply(random));
                            if (body == null) {
                                return false;
                            }
                            long n = s.items().applyAsLong(body);
                            items.add(n);
                            answers.increment();
                            bytes.add(body.length());
                            if (n == 0) {
                                empty.increment();
                            }
                            return true;
                        };
                    });
            cpu.add(engine.cpuSeconds() - before);
            runs.add(r);
            max = Math.max(max, r.latencies().getMaxValue() / 1000.0);
            log(String.format("  %s, run %d: %.1f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, ok %d, not ok %d%s",
                    s.name(), i + 1, r.throughput(), r.percentileMillis(50), r.percentileMillis(99),
                    r.latencies().getMaxValue() / 1000.0, r.ok(), r.failed(),
                    r.firstError() == null ? "" : " (" + r.firstError() + ")"));
        }
        var row = new Report.Row(s.name(), "engine", runs, cpu, engine.peakRssMib());
        long a = Math.max(1, answers.sum());
        return new Measured(s.name(), row, items.sum() / (double) a, empty.sum(), bytes.sum() / (double) a, max,
                s.target());
    }

    /**
     * One worker's connection to the console: signed in through the login form (session cookie), or HTTP Basic
     * on every request. {@link #get} answers the body of a 200, else null.
     */
    static final class Session {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
        private final Server engine;
        private final HttpClient http;
        private final String basic;

        Session(Server engine, String user, String password, boolean basic) throws Exception {
            this.engine = engine;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            this.basic = basic ? "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)) : null;
            if (!basic) {
                var page = http.send(HttpRequest.newBuilder(URI.create(engine.url("/login"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                var m = CSRF.matcher(page.body());
                if (!m.find()) {
                    throw new IllegalStateException("no CSRF token on the login page (" + page.statusCode() + ")");
                }
                var form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
                var r = http.send(HttpRequest.newBuilder(URI.create(engine.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                var location = r.headers().firstValue("Location").orElse("");
                if (r.statusCode() != 302 || location.contains("error")) {
                    throw new IllegalStateException("sign-in refused: " + r.statusCode() + " " + location);
                }
            }
        }

        String get(String path) throws IOException, InterruptedException {
            var b = HttpRequest.newBuilder(URI.create(engine.url(path))).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (basic != null) {
                b.header("Authorization", basic);
            }
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        }
    }

    /** {@code java -jar qiao.jar hash-password}, the password on standard input: its {bcrypt} hash. */
    private String hashPassword(String password) throws Exception {
        var p = new ProcessBuilder(Server.java(), "-jar", o.jar().toString(), "hash-password")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("{bcrypt}")) {
            throw new IllegalStateException("hash-password failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("{bcrypt}")).findFirst().orElseThrow();
    }

    private void write(Map<String, Measured> scenarios, ConsoleLoader.Made made, double loadSeconds,
                       double consoleSeconds, List<String> statRows, long dbBytes, double coldStart) throws IOException {
        var report = new Report("Qiao console benchmark report (issue 22)", o.note());
        report.targetsHeading("Target (issue 22)");
        var baseline = scenarios.get("baseline: GET /api/outbox");
        var sb = new StringBuilder();
        sb.append("| scenario | workers | runs | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | "
                + "CPU s / run | ok | not ok | items / answer | answers without items | bytes / answer | "
                + "p99 × baseline | throughput × baseline |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var m : scenarios.values()) {
            var r = m.row();
            boolean isBase = m == baseline;
            sb.append(String.format("| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f | %d | %d | %.1f | %d | "
                            + "%.0f | %s | %s |%n", m.name(), r.runs().get(0).workers(), r.runs().size(), r.throughput(),
                    r.p(50), r.p(95), r.p(99), m.maxMillis(), r.cpu(), r.ok(), r.failed(), m.itemsPerAnswer(),
                    m.emptyAnswers(), m.bytesPerAnswer(), isBase ? "" : String.format("%.1f", r.p(99) / baseline.row().p(99)),
                    isBase ? "" : String.format("%.2f", r.throughput() / baseline.row().throughput())));
        }
        for (var m : scenarios.values()) {
            for (var run : m.row().runs()) {
                if (run.firstError() != null) {
                    sb.append("\n").append(m.name()).append(": first error: `").append(run.firstError()).append("`\n");
                    break;
                }
            }
        }
        sb.append("\nItems: timeline entries (visits and documents), residents found, resident records, statistics "
                + "series. p50–p99 and throughput are medians of the runs; max is the largest of all runs. CPU is the "
                + "engine process's (user + system) per run. Peak RSS of the engine: "
                + String.format("%.0f MiB", scenarios.values().stream().mapToDouble(m -> m.row().peakRssMib()).max()
                .orElse(Double.NaN)) + " (-Xmx512m).\n");
        report.text("Console reads (H2, " + Sizes.format(loaded.documents()) + " documents, "
                + Sizes.format(loaded.patients()) + " residents, " + o.workers() + " concurrent clients)", sb.toString());

        var load = new StringBuilder();
        load.append("| what | |\n|---|---|\n");
        load.append("| residents | ").append(loaded.patients()).append(" (person ids ").append(loaded.firstPerson())
                .append("–").append(loaded.lastPerson()).append(") |\n");
        load.append("| documents | ").append(loaded.documents()).append(" (each its own submission set) |\n");
        if (made != null) {
            load.append("| visit_event rows | ").append(made.visits()).append(" |\n");
            load.append("| discharge diagnoses counted | ").append(made.diagnoses()).append(" |\n");
            load.append("| stat_daily rows | ").append(made.statisticRows()).append(" |\n");
        }
        load.append(String.format("| load: residents and documents (BulkLoader) | %.0f s |%n", loadSeconds));
        load.append(String.format("| load: visits and statistics (ConsoleLoader) | %.0f s |%n", consoleSeconds));
        load.append(String.format("| H2 file | %.1f GiB |%n", dbBytes / (1024.0 * 1024 * 1024)));
        load.append(String.format("| engine start on this store (process start → health UP) | %.1f s |%n", coldStart));
        load.append("\nstat_daily by measure:\n\n| measure | rows | sum of n | days |\n|---|---|---|---|\n");
        for (var row : statRows) {
            load.append(row).append('\n');
        }
        report.text("Sizes and load", load.toString());

        for (var m : scenarios.values()) {
            if (m.target()) {
                report.target(m.name() + ": p99 ≤ " + (int) TARGET_P99_MS + " ms", String.format("%.2f ms", m.row().p(99)),
                        m.row().failed() == 0 && m.row().ok() > 0 && m.row().p(99) <= TARGET_P99_MS);
            }
        }
        Files.createDirectories(o.report().getParent());
        report.write(o.report(), Report.machine(o.commit()));
    }

    private static BulkLoader.Loaded readLoaded(Path dataDir) throws IOException {
        var p = properties(dataDir);
        return new BulkLoader.Loaded(Long.parseLong(p.getProperty("first-person")),
                Long.parseLong(p.getProperty("last-person")), Long.parseLong(p.getProperty("patients")),
                Long.parseLong(p.getProperty("documents")));
    }

    private static Properties properties(Path dataDir) throws IOException {
        var p = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("bench-data.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static void writeMade(Path dataDir, ConsoleLoader.Made made, double loadSeconds, double consoleSeconds)
            throws IOException {
        var p = properties(dataDir);
        p.setProperty("visits", Long.toString(made.visits()));
        p.setProperty("diagnoses", Long.toString(made.diagnoses()));
        p.setProperty("stat-rows", Long.toString(made.statisticRows()));
        p.setProperty("load-seconds", Double.toString(loadSeconds));
        p.setProperty("console-load-seconds", Double.toString(consoleSeconds));
        try (var out = Files.newOutputStream(dataDir.resolve("bench-data.properties"))) {
            p.store(out, "what bench BulkLoader and ConsoleLoader put into this registry");
        }
    }

    private static long count(String body, String token) {
        long n = 0;
        for (int i = body.indexOf(token); i >= 0; i = body.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }

    private static long number(String body, String token) {
        int i = body.indexOf(token);
        if (i < 0) {
            return 0;
        }
        int j = i + token.length();
        int k = j;
        while (k < body.length() && Character.isDigit(body.charAt(k))) {
            k++;
        }
        return k == j ? 0 : Long.parseLong(body.substring(j, k));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
