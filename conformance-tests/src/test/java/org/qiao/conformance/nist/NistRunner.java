package org.qiao.conformance.nist;

import org.qiao.conformance.support.Engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays NIST XDS Toolkit tests against a running engine over the wire. Tests run in
 * {@link Testkit#runOrder} order (set-up tests first, then each test after the tests it reads from); sections
 * in index.idx order; a section stops at its first failing step, as in the toolkit, and the next section runs.
 */
public final class NistRunner {

    /** System property naming the engine's repositoryUniqueId (a fallback for {@code $repuid$}). */
    public static final String REPOSITORY_UNIQUE_ID_PROPERTY = "qiao.nist.repositoryUniqueId";
    public static final String DEFAULT_REPOSITORY_UNIQUE_ID = "1.3.6.1.4.1.21367.2017.2.1.108";

    private final Testkit testkit;
    private final RunState run;
    private final StepRunner steps;

    public NistRunner(Testkit testkit, Target target, String repositoryUniqueId) {
        this(testkit, Wire.to(target), repositoryUniqueId);
    }

    public NistRunner(Testkit testkit, Wire wire, String repositoryUniqueId) {
        this.testkit = testkit;
        this.run = new RunState(testkit, OidAllocator.random(), PatientIds.random(), repositoryUniqueId);
        this.steps = new StepRunner(run, wire);
    }

    public static String repositoryUniqueId() {
        return System.getProperty(REPOSITORY_UNIQUE_ID_PROPERTY, DEFAULT_REPOSITORY_UNIQUE_ID);
    }

    public RunState state() {
        return run;
    }

    /** Writes the markdown report of {@code results} to {@code conformance-tests/target/nist-report-<db>.md}. */
    public Path writeReport(List<TestResult> results, String db) throws IOException {
        var file = Engine.repo().resolve("conformance-tests/target/nist-report-" + db + ".md");
        return ReportWriter.write(file, "NIST XDS testkit against Qiao (" + db + ")", results, run);
    }

    /** Runs {@code testIds} and whatever they depend on; one result per test run. */
    public List<TestResult> run(List<String> testIds) {
        var results = new ArrayList<TestResult>();
        for (var id : testkit.runOrder(testIds)) {
            long t0 = System.currentTimeMillis();
            var result = runTest(id);
            System.out.printf("NIST %-9s %s (%d ms)%s%n", id, result.passed() ? "PASS" : "FAIL",
                    System.currentTimeMillis() - t0,
                    result.passed() ? "" : "\n    " + String.join("\n    ", result.failures()));
            results.add(result);
        }
        return results;
    }

    private TestResult runTest(String id) {
        TestDefinition test;
        try {
            test = testkit.test(id);
        } catch (RuntimeException e) {
            var failed = new StepResult("read", "-", StepResult.Outcome.FAILED, List.of(e.getMessage()), List.of(), 0);
            return new TestResult(id, "", List.of(), List.of(new TestResult.Section("(testplan)", List.of(failed))));
        }
        var sections = new ArrayList<TestResult.Section>();
        for (var section : test.sections()) {
            var log = run.newSectionLog(id, section.name());
            var results = new ArrayList<StepResult>();
            String failed = null;
            for (var step : section.steps()) {
                if (failed != null) {
                    results.add(StepResult.skipped(step, failed));
                    continue;
                }
                var r = steps.run(test, section, log, step);
                results.add(r);
                if (!r.passed()) {
                    failed = step.id();
                }
            }
            sections.add(new TestResult.Section(section.name(), List.copyOf(results)));
        }
        var title = test.readme().lines().findFirst().orElse("").trim();
        return new TestResult(id, title, test.collections(), List.copyOf(sections));
    }
}
