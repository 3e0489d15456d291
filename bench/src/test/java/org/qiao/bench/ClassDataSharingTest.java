package org.qiao.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's class data sharing archive (bin/cds-archive, beside the unpacked jar) is one this JVM can map, and
 * the engine's classes come from it: with -Xshare:on the JVM refuses to start rather than start without it. The
 * application context is refreshed and the process exits (spring.context.exit=onRefresh), so no port is bound.
 */
class ClassDataSharingTest {

    private static final Path JAR =
            Path.of(System.getProperty("qiao.jar", "../routes/target/qiao/qiao.jar")).toAbsolutePath();

    @Test
    void theEngineLoadsItsClassesFromTheBuildsArchive(@TempDir Path work) throws Exception {
        var archive = JAR.resolveSibling("qiao.jsa");
        assertThat(archive).as("made by the routes build unless -Dqiao.cds.skip=true").isRegularFile();
        assertThat(Server.classDataSharing(JAR)).containsExactly("-XX:SharedArchiveFile=" + archive);

        var lines = refresh(work, "-Xlog:class+load=info");

        // "-Xlog:class+load" says where each class came from: "source: shared objects file" is the archive
        long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        long fromJars = lines.stream().filter(l -> l.contains("source: jar:file:") || l.contains("source: file:")).count();
        assertThat(lines).anyMatch(l -> l.contains(" org.qiao.QiaoApplication source: shared objects file"));
        assertThat(lines).anyMatch(l -> l.contains(" org.apache.camel.impl.DefaultCamelContext source: shared objects file"));
        assertThat(lines).anyMatch(l -> l.contains(" org.openehealth.ipf.") && l.contains("source: shared objects file"));
        // most classes are mapped, not loaded (those left are lambda proxies, generated classes and signed jars)
        assertThat(shared).as("classes from the archive, against %d from jars", fromJars).isGreaterThan(4 * fromJars);
    }

    /**
     * A JVM that watches class loading (here Java Flight Recorder, as an operator would start it; Java agents do
     * the same) must still start with the archive: an archive with generated method-handle classes crashed it.
     */
    @Test
    void theEngineStartsWithTheArchiveAndFlightRecorder(@TempDir Path work) throws Exception {
        var lines = refresh(work, "-XX:StartFlightRecording=delay=1h,filename=" + work.resolve("never.jfr"));
        assertThat(lines).anyMatch(l -> l.contains("Root WebApplicationContext: initialization completed"));
    }

    /** Starts the engine with the archive (-Xshare:on) until its context is refreshed; its output when it exits 0. */
    private static List<String> refresh(Path work, String option) throws Exception {
        var cmd = new ArrayList<>(List.of(Server.java(), "-Xmx512m", "-Xshare:on"));
        cmd.addAll(Server.classDataSharing(JAR));
        cmd.addAll(List.of(option, "-Dspring.context.exit=onRefresh", "-jar", JAR.toString(),
                "--qiao.data-dir=" + work.resolve("data")));
        var log = work.resolve("start.log");
        var process = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the refresh ends within 2 minutes").isTrue();
        var lines = Files.readAllLines(log);
        assertThat(process.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20),
                lines.size()))).isZero();
        return lines;
    }
}
