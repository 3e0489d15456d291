package org.qiao.conformance.support;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged engine (routes/target/qiao.jar) running as its own process, as an operator runs it:
 * its own data folder, free ports, the repository's config/ folder, and either an embedded H2 file
 * or a fresh PostgreSQL schema (system property qiao.test.db=postgres).
 */
public final class Engine implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath();
    private static final Path REPO = Path.of(System.getProperty("qiao.repo", "..")).toAbsolutePath().normalize();
    private static final HttpClient PLAIN_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Users every test engine has (qiao.security.users), one per role. */
    public static final String ADMIN = "test-admin";
    public static final String OPERATOR = "test-operator";
    public static final String AUDITOR = "test-auditor";
    public static final String CLINICIAN = "test-clinician";
    public static final String AUTHORITY = "test-authority";
    /** Each test user's password is its name reversed plus this. */
    private static final String PASSWORD_SUFFIX = "-Pw1";
    // cost 4 keeps logins fast in tests; the engine accepts any bcrypt cost
    private static final List<String> USER_ARGS = testUsers();

    public final Path dataDir;
    public final int mllpPort;
    public final int httpPort;
    /** UDP port of the engine's own audit record repository, where its ATNA messages go. */
    public final int auditUdpPort;
    private final String schema;
    /** Whether closing this engine drops its schema (the first process of a cluster owns the shared one). */
    private final boolean ownsSchema;
    private final HttpClient http;
    private final boolean https;
    private final List<String> extraArgs;
    private Process process;

    private Engine(List<String> extraArgs, SSLContext clientTls) throws IOException {
        this(extraArgs, clientTls, postgres() ? newSchema() : null, true);
    }

    private static String newSchema() {
        return "qt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private Engine(List<String> extraArgs, SSLContext clientTls, String schema, boolean ownsSchema) throws IOException {
        this.dataDir = Files.createTempDirectory("qiao-engine-");
        this.mllpPort = freePort();
        this.httpPort = freePort();
        this.auditUdpPort = freeUdpPort();
        this.https = extraArgs.contains("--qiao.tls.http.enabled=true");
        this.http = clientTls == null ? PLAIN_HTTP
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(clientTls).build();
        this.schema = schema;
        this.ownsSchema = ownsSchema;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts an engine and waits until it reports ready. */
    public static Engine start(String... extraArgs) throws Exception {
        return start(null, extraArgs);
    }

    /** Starts an engine whose HTTP port may run over TLS; readiness is checked with this client TLS context. */
    public static Engine start(SSLContext clientTls, String... extraArgs) throws Exception {
        var engine = new Engine(List.of(extraArgs), clientTls);
        engine.startProcess();
        return engine;
    }

    /**
     * Several engine processes on one PostgreSQL schema (whichever store the suite tests: a cluster runs on
     * PostgreSQL only), with one document folder, as behind a load balancer. Each gets its own ports and node id;
     * they start one after the other, so the first applies the migrations.
     */
    public static List<Engine> startCluster(int processes, String... extraArgs) throws Exception {
        var schema = newSchema();
        var documents = Files.createTempDirectory("qiao-cluster-documents-");
        var engines = new ArrayList<Engine>();
        for (int i = 0; i < processes; i++) {
            var args = new ArrayList<>(List.of(extraArgs));
            args.add("--qiao.repository.storage-dir=" + documents);
            args.add("--qiao.node.id=node-" + (i + 1));
            var engine = new Engine(args, null, schema, i == 0);
            engine.startProcess();
            engines.add(engine);
        }
        return engines;
    }

    /** The PostgreSQL schema this engine runs on (null on H2). */
    public String schema() {
        return schema;
    }

    /** The node id of a cluster engine (its --qiao.node.id). */
    public String nodeId() {
        return extraArgs.stream().filter(a -> a.startsWith("--qiao.node.id=")).map(a -> a.substring(15)).findFirst()
                .orElse(null);
    }

    /** The test password of one of the test users. */
    public static String password(String user) {
        return new StringBuilder(user).reverse() + PASSWORD_SUFFIX;
    }

    private static List<String> testUsers() {
        var bcrypt = new BCryptPasswordEncoder(4);
        var args = new ArrayList<String>();
        String[][] users = {{ADMIN, "ADMIN"}, {OPERATOR, "OPERATOR"}, {AUDITOR, "AUDITOR"},
                {CLINICIAN, "CLINICIAN"}, {AUTHORITY, "AUTHORITY"}};
        for (int i = 0; i < users.length; i++) {
            args.add("--qiao.security.users[" + i + "].name=" + users[i][0]);
            args.add("--qiao.security.users[" + i + "].password={bcrypt}" + bcrypt.encode(password(users[i][0])));
            args.add("--qiao.security.users[" + i + "].roles=" + users[i][1]);
        }
        return List.copyOf(args);
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("qiao.test.db", "h2"));
    }

    public static Path repo() {
        return REPO;
    }

    private void startProcess() throws Exception {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString(),
                "--qiao.data-dir=" + dataDir,
                "--server.port=" + httpPort,
                "--qiao.mllp.port=" + mllpPort,
                "--spring.config.additional-location=file:" + REPO.resolve("config") + "/"));
        // a repeated option would be joined with a comma, so the default code list only when none is given
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--qiao.registry.codes-file="))) {
            cmd.add("--qiao.registry.codes-file=" + REPO.resolve("config/affinity-code-list.xml"));
        }
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--qiao.security.users"))) {
            cmd.addAll(USER_ARGS);
        }
        // tests stop engines often; the drain delay (for a load balancer's probe) is asked for where it is tested
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--qiao.node.drain-delay="))) {
            cmd.add("--qiao.node.drain-delay=0s");
        }
        if (extraArgs.stream().noneMatch(a -> a.startsWith("--qiao.audit-repository.udp-port="))) {
            cmd.add("--qiao.audit-repository.udp-port=" + auditUdpPort);
        }
        if (schema != null) {
            cmd.addAll(List.of("--spring.profiles.active=postgres",
                    "--qiao.db.url=" + pgUrl() + "?currentSchema=" + schema,
                    "--qiao.db.user=" + System.getProperty("qiao.test.pg.user", "postgres"),
                    "--spring.flyway.schemas=" + schema));
        }
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("engine.log").toFile()))
                .start();
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Engine exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Engine not ready after 90 s:\n" + logTail());
    }

    /** An HTTP client for this engine (with the test's client certificate when its HTTP port runs TLS). */
    public HttpClient http() {
        return http;
    }

    public String url(String path) {
        return (https ? "https://localhost:" : "http://127.0.0.1:") + httpPort + path;
    }

    /** kill -9: the process gets no chance to flush or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a process, without waiting for it to end. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Engine still running after " + within);
        }
        return process.exitValue();
    }

    /** Starts the engine again on the same data and ports. */
    public void restart() throws Exception {
        if (process.isAlive()) {
            stopProcess();
        }
        startProcess();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String logTail() {
        try {
            var lines = Files.readAllLines(dataDir.resolve("engine.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stopProcess() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        stopProcess();
        // a fuzz run leaves gigabytes of journal behind; keep the folder only when asked to look at it
        if (!Boolean.getBoolean("qiao.keep-engine-data")) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (schema != null && ownsSchema) {
            try (var c = DriverManager.getConnection(pgUrl(), System.getProperty("qiao.test.pg.user", "postgres"), "");
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String pgUrl() {
        return System.getProperty("qiao.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static int freeUdpPort() throws IOException {
        try (var s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
