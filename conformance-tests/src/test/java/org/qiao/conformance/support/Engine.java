package org.qiao.conformance.support;

import java.io.IOException;
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
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final Path dataDir;
    public final int mllpPort;
    public final int httpPort;
    private final String schema;
    private final List<String> extraArgs;
    private Process process;

    private Engine(List<String> extraArgs) throws IOException {
        this.dataDir = Files.createTempDirectory("qiao-engine-");
        this.mllpPort = freePort();
        this.httpPort = freePort();
        this.schema = postgres() ? "qt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts an engine and waits until it reports ready. */
    public static Engine start(String... extraArgs) throws Exception {
        var engine = new Engine(List.of(extraArgs));
        engine.startProcess();
        return engine;
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
                var r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness"))).build(),
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

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** kill -9: the process gets no chance to flush or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
        if (schema != null) {
            try (var c = DriverManager.getConnection(pgUrl(), System.getProperty("qiao.test.pg.user", "postgres"), "");
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static String pgUrl() {
        return System.getProperty("qiao.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
