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

    @Test
    void theEngineLoadsItsClassesFromTheBuildsArchive(@TempDir Path work) throws Exception {
        var jar = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao/qiao.jar")).toAbsolutePath();
        var archive = jar.resolveSibling("qiao.jsa");
        assertThat(archive).as("made by the routes build unless -Dqiao.cds.skip=true").isRegularFile();
        assertThat(Server.classDataSharing(jar)).containsExactly("-XX:SharedArchiveFile=" + archive);

        var cmd = new ArrayList<>(List.of(Server.java(), "-Xmx512m", "-Xshare:on"));
        cmd.addAll(Server.classDataSharing(jar));
        cmd.addAll(List.of("-Xlog:class+load=info", "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
                "--qiao.data-dir=" + work.resolve("data")));
        var log = work.resolve("start.log");
        var process = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the refresh ends within 2 minutes").isTrue();
        var lines = Files.readAllLines(log);
        assertThat(process.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20),
                lines.size()))).isZero();

        // "-Xlog:class+load" says where each class came from: "source: shared objects file" is the archive
        long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        long fromJars = lines.stream().filter(l -> l.contains("source: jar:file:") || l.contains("source: file:")).count();
        assertThat(lines).anyMatch(l -> l.contains(" org.qiao.QiaoApplication source: shared objects file"));
        assertThat(lines).anyMatch(l -> l.contains(" org.apache.camel.impl.DefaultCamelContext source: shared objects file"));
        assertThat(lines).anyMatch(l -> l.contains(" org.openehealth.ipf.") && l.contains("source: shared objects file"));
        // most classes are mapped, not loaded (those left are lambda proxies, generated classes and signed jars)
        assertThat(shared).as("classes from the archive, against %d from jars", fromJars).isGreaterThan(4 * fromJars);
    }
}
