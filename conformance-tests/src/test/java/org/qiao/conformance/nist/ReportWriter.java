package org.qiao.conformance.nist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The run as a markdown report: a summary, one line per test, then every failure and note in detail. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static Path write(Path file, String title, List<TestResult> results, RunState run) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(title, results, run));
        return file;
    }

    public static String render(String title, List<TestResult> results, RunState run) {
        var md = new StringBuilder();
        long passed = results.stream().filter(TestResult::passed).count();
        md.append("# ").append(title).append("\n\n");
        md.append("- run: ").append(OffsetDateTime.now()).append('\n');
        md.append("- testkit: `").append(run.testkit.root()).append("`\n");
        md.append("- patient ids: register `").append(run.registerPid).append("`, alternate `")
                .append(run.registerAltPid).append("`, stored query `").append(run.sqPid).append("`\n");
        md.append("- uniqueId root `").append(run.oids.root()).append("`, sourceId `").append(run.oids.sourceId())
                .append("`, repositoryUniqueId (fallback) `").append(run.repositoryUniqueId).append("`\n");
        md.append("- **").append(passed).append(" of ").append(results.size()).append(" tests passed**\n\n");

        md.append("| collection | passed | failed |\n|---|---|---|\n");
        byCollection(results).forEach((c, counts) -> md.append("| ").append(c).append(" | ").append(counts[0])
                .append(" | ").append(counts[1]).append(" |\n"));

        md.append("\n| test | collections | result | steps | description |\n|---|---|---|---|---|\n");
        for (var r : results) {
            var steps = r.sections().stream().flatMap(s -> s.steps().stream()).toList();
            long ok = steps.stream().filter(StepResult::passed).count();
            md.append("| ").append(r.id()).append(" | ").append(String.join(" ", r.collections())).append(" | ")
                    .append(r.passed() ? "pass" : "**FAIL**").append(" | ").append(ok).append('/').append(steps.size())
                    .append(" | ").append(cell(r.title())).append(" |\n");
        }

        var failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Failures\n");
            for (var r : failed) {
                md.append("\n### ").append(r.id()).append(" — ").append(r.title()).append('\n');
                for (var s : r.sections()) {
                    for (var st : s.steps()) {
                        if (st.outcome() == StepResult.Outcome.FAILED) {
                            md.append("- `").append(s.name()).append('/').append(st.id()).append("` (")
                                    .append(st.transaction()).append(")\n");
                            st.problems().forEach(p -> md.append("  - ").append(oneLine(p)).append('\n'));
                        }
                    }
                }
            }
        }

        md.append("\n## Notes\n\nThese do not fail a step: testkit quirks and parts not compared.\n\n");
        boolean any = false;
        for (var r : results) {
            for (var s : r.sections()) {
                for (var st : s.steps()) {
                    if (st.outcome() != StepResult.Outcome.SKIPPED && !st.notes().isEmpty()) {
                        any = true;
                        md.append("- `").append(r.id()).append('/').append(s.name()).append('/').append(st.id())
                                .append("`: ").append(oneLine(String.join("; ", st.notes()))).append('\n');
                    }
                }
            }
        }
        if (!any) {
            md.append("(none)\n");
        }
        return md.toString();
    }

    private static Map<String, long[]> byCollection(List<TestResult> results) {
        var map = new TreeMap<String, long[]>();
        for (var r : results) {
            var collections = r.collections().isEmpty() ? List.of("(set-up)") : r.collections();
            for (var c : collections) {
                var counts = map.computeIfAbsent(c, k -> new long[2]);
                counts[r.passed() ? 0 : 1]++;
            }
        }
        return map;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
