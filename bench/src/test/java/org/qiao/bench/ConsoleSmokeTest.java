package org.qiao.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the console scenario (not a benchmark): 200 residents and 2 000 documents loaded with their visits
 * and statistics, the engine started with the bench user, every question asked ~1 s by signed-in workers. Every
 * answer must be a 200, every scenario's answers must hold items (entries, residents, series), and the report is
 * written with its target rows.
 */
class ConsoleSmokeTest {

    @Test
    void theConsoleScenarioAnswersEveryQuestionAndWritesTheReport() throws Exception {
        var repo = Path.of(System.getProperty("qiao.repo", "..")).toAbsolutePath().normalize();
        var target = repo.resolve("bench/target");
        var report = target.resolve("console-smoke-REPORT.md");
        Files.deleteIfExists(report);
        var options = new ConsoleSuite.Options(200, 2000, 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                target.resolve("console-smoke-work"), null,
                Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath(), repo, report,
                "smoke run of the console scenario, not a benchmark result", "smoke", false, List.of());

        var outcome = new ConsoleSuite(options).run();

        assertThat(outcome.scenarios()).hasSize(10);
        for (var m : outcome.scenarios().values()) {
            var first = m.row().runs().get(0);
            assertThat(m.row().failed()).as(m.name() + ": " + first.firstError()).isZero();
            assertThat(m.row().ok()).as(m.name()).isPositive();
            assertThat(m.itemsPerAnswer()).as(m.name() + ": items per answer").isPositive();
            assertThat(m.row().p(99)).isPositive();
        }
        // every resident has visits and ten documents: an unfiltered timeline is never empty
        assertThat(outcome.scenarios().get("timeline of a random resident").emptyAnswers()).isZero();
        assertThat(outcome.made().visits()).isGreaterThanOrEqualTo(2 * 200);
        assertThat(outcome.made().statisticRows()).isPositive();
        var text = Files.readString(report);
        assertThat(text).contains("smoke run of the console scenario, not a benchmark result", "## Target (issue 22)",
                "| timeline of a random resident: p99 ≤ 300 ms |", "| baseline: GET /api/outbox | 2 | 1 |",
                "| documents | 2000 | 2000 |", "| cores (nproc) |");
    }
}
