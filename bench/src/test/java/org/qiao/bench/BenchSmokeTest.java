package org.qiao.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the whole harness (not a benchmark): the baselines and the engine start as processes, every
 * generator runs ~2 s against a registry bulk-loaded with 200 documents, and the report is written. Every answer
 * must be a success (AA / ResponseStatusType:Success) and every table must have throughput.
 */
class BenchSmokeTest {

    @Test
    void theHarnessMeasuresEveryScenarioAndWritesTheReport() throws Exception {
        var repo = Path.of(System.getProperty("qiao.repo", "..")).toAbsolutePath().normalize();
        var target = repo.resolve("bench/target");
        var report = target.resolve("smoke-REPORT.md");
        Files.deleteIfExists(report);
        var postgres = "postgres".equals(System.getProperty("qiao.test.db", "h2"));
        var options = new Suite.Options(List.of(200L), postgres ? "postgres" : "h2", 1, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 4, 2, 10, 10 * 1024, target.resolve("smoke-work"),
                Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath(), repo, report,
                "smoke run of the harness, not a benchmark result", "smoke",
                System.getProperty("qiao.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("qiao.test.pg.user", "postgres"), false, List.of(), true, 50, Duration.ofSeconds(1));

        var outcome = new Suite(options).run();

        assertThat(outcome.rows().keySet()).containsExactly("ITI-8 bare HAPI", "ITI-8 bare IPF", "ITI-41 bare IPF",
                "ITI-18 bare IPF", "ITI-18 (10 entries) bare IPF", "ITI-21 bare IPF", "ITI-8 bare IPF, validated + audited",
                "ITI-41 bare IPF, validated + audited", "ITI-41 (durable minimum) bare IPF, validated + audited",
                "ITI-18 (10 entries) bare IPF, validated + audited", "ITI-21 bare IPF, validated + audited",
                "ITI-18 @ 200 engine", "ITI-21 @ 50 engine", "ITI-67 @ 200 engine", "ITI-78 @ 50 engine",
                "ITI-21 @ 50, 1 connection engine",
                "ITI-8 engine", "ITI-41 engine");
        for (var row : outcome.rows().values()) {
            var first = row.runs().get(0);
            assertThat(row.failed()).as(row.scenario() + " on " + row.server() + ": " + first.firstError()).isZero();
            assertThat(row.ok()).as(row.scenario() + " on " + row.server()).isPositive();
            assertThat(row.throughput()).isPositive();
            assertThat(row.p(99)).isPositive();
            assertThat(row.cpu()).isPositive();
            assertThat(row.peakRssMib()).isPositive();
        }
        assertThat(outcome.engineColdStart()).isPositive();
        // the audited bare IPF did send its audit messages (UDP: counted where they arrive)
        assertThat(outcome.auditsReceived()).isPositive();
        // the bare endpoints answer none and ten canned entries; the engine the bulk-loaded residents' entries
        assertThat(outcome.entriesPerAnswer()).containsEntry("ITI-18 bare IPF", 0.0)
                .containsEntry("ITI-18 (10 entries) bare IPF", 10.0);
        assertThat(outcome.entriesPerAnswer().get("ITI-18 @ 200 engine")).isPositive();
        var text = Files.readString(report);
        assertThat(text).contains("smoke run of the harness, not a benchmark result", "| engine | 4 | 1 |",
                "| bare HAPI | 4 | 1 |", "| bare IPF (10 entries) | 2 | 1 |", "| bare IPF, validated + audited | 2 | 1 |", "| bare IPF, validated + audited | 4 | 1 |",
                "| bare IPF, validated + audited (durable minimum) | 2 | 1 |", "| engine @ 200 documents | 2 | 1 |", "| engine @ 50 patients | 4 | 1 |",
                "| engine @ 50 patients, 1 connection | 1 | 1 |",
                "## Targets (issue 7)", "| cores (nproc) |", "FHIR doors beside their SOAP and MLLP twins");
    }
}
