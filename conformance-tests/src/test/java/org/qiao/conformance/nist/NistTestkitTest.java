package org.qiao.conformance.nist;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Engine;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NIST XDS Toolkit testkit (R.b, SQ.b, PR.b, Ret.b, reg_mu, reg_rm and their set-up tests) replayed
 * against one engine started with the conformance profile, which makes the testkit's patient domain the
 * affinity domain. Writes {@code conformance-tests/target/nist-report-<db>.md}.
 *
 * <p>System properties: {@code qiao.nist.testkit} (testkit folder), {@code qiao.nist.repositoryUniqueId}
 * (the engine's repository), {@code qiao.nist.tests} (comma-separated test ids to run instead of all; the
 * tests they depend on are added).
 */
class NistTestkitTest {

    @Test
    void everyTestkitTestPasses() throws Exception {
        var testkit = Testkit.fromSystemProperty();
        var selected = System.getProperty("qiao.nist.tests", "");
        var ids = selected.isBlank() ? testkit.testIds()
                : Arrays.stream(selected.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        var db = System.getProperty("qiao.test.db", "h2");

        // the testkit's affinity domain: its patient domain (profile conformance) and its code list
        try (var engine = Engine.start("--spring.profiles.active=conformance",
                "--qiao.registry.codes-file=" + testkit.root().resolve("codes.xml").toAbsolutePath())) {
            var runner = new NistRunner(testkit, new Target(engine.url(""), engine.mllpPort),
                    NistRunner.repositoryUniqueId());
            var results = runner.run(ids);
            var report = runner.writeReport(results, db);

            var failures = results.stream().filter(r -> !r.passed())
                    .map(r -> r.id() + ": " + String.join(" | ", r.failures())).toList();
            assertThat(failures)
                    .as("%d of %d NIST tests failed (details in %s, engine log %s)", failures.size(), results.size(),
                            report, engine.dataDir.resolve("engine.log"))
                    .isEmpty();
        }
    }
}
