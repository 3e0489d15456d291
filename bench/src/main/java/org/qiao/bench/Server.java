package org.qiao.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test (the engine or a baseline) as its own process, so its CPU time and peak RSS are its own:
 * read from /proc/&lt;pid&gt;/stat (utime + stime) and /proc/&lt;pid&gt;/status (VmHWM).
 */
public final class Server implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final int httpPort;
    public final int mllpPort;
    /** Where PDQ (ITI-21) is answered: the engine's shared MLLP port, or the bare IPF pdq-iti21 endpoint's. */
    public int pdqPort;
    private final Process process;
    /** The audited bare IPF's audit drain, closed with the server. */
    private UdpDrain drain;
    private final Path log;
    /** From process start to ready (health UP, or the port accepting), in seconds. */
    public final double coldStartSeconds;

    private Server(String name, int httpPort, int mllpPort, Process process, Path log, double coldStart) {
        this.name = name;
        this.httpPort = httpPort;
        this.mllpPort = mllpPort;
        this.pdqPort = mllpPort;
        this.process = process;
        this.log = log;
        this.coldStartSeconds = coldStart;
    }

    /** The engine jar on an H2 data folder, or PostgreSQL when {@code pgArgs} are given; -Xmx512m as issue 7 asks. */
    public static Server engine(Path jar, Path repo, Path dataDir, List<String> pgArgs) throws Exception {
        int http = freePort();
        int mllp = freePort();
        var cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
        cmd.addAll(classDataSharing(jar));
        cmd.addAll(List.of("-jar", jar.toString(),
                "--qiao.data-dir=" + dataDir,
                "--server.port=" + http,
                "--qiao.mllp.port=" + mllp,
                "--qiao.audit-repository.udp-port=" + freeUdpPort(),
                "--spring.config.additional-location=file:" + repo.resolve("config") + "/",
                "--qiao.registry.codes-file=" + repo.resolve("config/affinity-code-list.xml")));
        cmd.addAll(pgArgs);
        return start("engine", cmd, dataDir, http, mllp, "/actuator/health/readiness");
    }

    /**
     * The class data sharing archive the build makes beside the unpacked jar (bin/cds-archive), as bin/run starts
     * the engine with it; none for the single jar. The JVM ignores an archive that does not match its jars.
     */
    static List<String> classDataSharing(Path jar) {
        var archive = jar.resolveSibling("qiao.jsa");
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /** The bare HAPI HL7 v2 server (parse and ACK). */
    public static Server bareHapi(Path workDir) throws Exception {
        int mllp = freePort();
        return start("bare HAPI", bench("org.qiao.bench.baseline.BareHapiServer", Integer.toString(mllp)), workDir,
                0, mllp, null);
    }

    /**
     * The bare IPF endpoints (pix-iti8, pdq-iti21, xds-iti41, xds-iti18 answering canned answers). Audited: IPF's
     * validators on the XDS routes, as the engine has them, and IPF's ATNA on, each transaction's audit message
     * sent over UDP syslog to a drain in this process that discards it (the engine sends its own to its audit
     * record repository, which stores them).
     */
    public static Server bareIpf(Path workDir, boolean audited) throws Exception {
        int http = freePort();
        int mllp = freePort();
        int pdq = freePort();
        var args = new ArrayList<>(List.of("--server.port=" + http, "--bench.mllp-port=" + mllp,
                "--bench.pdq-port=" + pdq));
        UdpDrain drain = null;
        if (audited) {
            drain = new UdpDrain();
            args.addAll(List.of("--bench.validate=true", "--ipf.atna.audit-enabled=true", "--ipf.atna.audit-source-id=BARE",
                    "--ipf.atna.audit-repository-host=127.0.0.1", "--ipf.atna.audit-repository-transport=UDP",
                    "--ipf.atna.audit-repository-port=" + drain.port()));
        }
        try {
            var server = start(audited ? "bare IPF, validated + audited" : "bare IPF",
                    bench("org.qiao.bench.baseline.BareIpf", args.toArray(String[]::new)), workDir, http, mllp,
                    "/actuator/health");
            server.pdqPort = pdq;
            server.drain = drain;
            return server;
        } catch (Exception e) {
            if (drain != null) {
                drain.close();
            }
            throw e;
        }
    }

    /** Receives and discards UDP datagrams (audit messages) and counts them. */
    static final class UdpDrain implements AutoCloseable {
        private final java.net.DatagramSocket socket = new java.net.DatagramSocket(0,
                java.net.InetAddress.getLoopbackAddress());
        final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

        UdpDrain() throws IOException {
            var t = new Thread(() -> {
                var packet = new java.net.DatagramPacket(new byte[65536], 65536);
                while (!socket.isClosed()) {
                    try {
                        socket.receive(packet);
                        received.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "audit-drain");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A class of this harness in its own JVM, on this JVM's class path (the bench jar, or the test class path). */
    static List<String> bench(String mainClass, String... args) {
        var classPath = System.getProperty("java.class.path");
        var single = !classPath.contains(java.io.File.pathSeparator);
        if (single) {
            // java -jar bench/target/qiao-bench.jar gives a relative path; the child runs in its own folder
            classPath = Path.of(classPath).toAbsolutePath().toString();
        }
        var cmd = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", classPath));
        if (single && classPath.endsWith(".jar")) {
            // the repackaged bench jar: its launcher puts BOOT-INF/lib on the class path and runs loader.main
            cmd.add("-Dloader.main=" + mainClass);
            cmd.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            cmd.add(mainClass);
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Server start(String name, List<String> cmd, Path dir, int http, int mllp, String health)
            throws Exception {
        Files.createDirectories(dir);
        var log = dir.resolve(name.replace(' ', '-') + ".log");
        long t0 = System.nanoTime();
        var process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        var deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
            }
            if (health != null ? up(http, health) : accepts(mllp)) {
                double cold = (System.nanoTime() - t0) / 1e9;
                return new Server(name, http, mllp, process, log, cold);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " not ready after 120 s, see " + log);
    }

    private static boolean up(int port, String path) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // 200 only when the whole application is UP (a component's "UP" inside a 503 body is not enough)
            return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (var s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Audit messages the drain has received so far; -1 when the server is not audited into a drain. */
    public long auditMessagesReceived() {
        return drain == null ? -1 : drain.received.get();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU time of the process so far, in seconds (clock ticks of 1/100 s on Linux). */
    public double cpuSeconds() {
        try {
            var stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            // fields after the command name (which may hold spaces) start after the last ')'
            var f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set size (VmHWM) in MiB. */
    public double peakRssMib() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws Exception {
        if (drain != null) {
            drain.close();
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (var s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
