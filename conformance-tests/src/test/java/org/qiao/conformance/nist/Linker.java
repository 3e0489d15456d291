package org.qiao.conformance.nist;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves UseId and UseReport against the logs of this run, the way the toolkit finds them in log.xml files:
 * <ul>
 * <li>{@code UseId testdir} is a folder relative to the current section ({@code ../submit},
 *     {@code ../../12346/single_doc}); without testdir the earlier steps of the current section are searched;</li>
 * <li>{@code UseReport test/section/step/reportName}: section {@code THIS} is the current section, no test
 *     attribute means the current test.</li>
 * </ul>
 */
public final class Linker {

    /** A reference that cannot be resolved: the step fails, as it does in the toolkit. */
    public static final class LinkException extends RuntimeException {
        public LinkException(String message) {
            super(message);
        }
    }

    private final RunState run;
    private final SectionDefinition section;
    private final SectionLog currentLog;
    private final StepLog currentStep;

    public Linker(RunState run, SectionDefinition section, SectionLog currentLog, StepLog currentStep) {
        this.run = run;
        this.section = section;
        this.currentLog = currentLog;
        this.currentStep = currentStep;
    }

    public String useId(Instruction.UseId useId) {
        StepLog step = useId.testdir() == null
                ? previousStep(currentLog, useId.step())
                : otherSection(useId.testdir()).step(useId.step()).orElse(null);
        if (step == null) {
            throw new LinkException("UseId " + describe(useId) + ": step " + useId.step() + " not found");
        }
        var table = step.assigned.get(useId.section());
        if (table == null || !table.containsKey(useId.id())) {
            throw new LinkException("UseId " + describe(useId) + ": no " + useId.section() + " entry for "
                    + useId.id() + " (has " + (table == null ? "none" : table.keySet()) + ")");
        }
        return table.get(useId.id());
    }

    /** The reported value; "" for a report that exists but evaluated to nothing (the toolkit then skips it). */
    public String useReport(Instruction.UseReport useReport) {
        var testId = useReport.test() == null ? section.testId() : useReport.test();
        SectionLog log;
        if ("THIS".equals(useReport.section())) {
            log = currentLog;
        } else {
            log = run.log(testId, useReport.section());
        }
        if (log == null) {
            throw new LinkException("UseReport " + uri(testId, useReport) + ": section has not run");
        }
        var step = log == currentLog ? previousStep(log, useReport.step()) : log.step(useReport.step()).orElse(null);
        if (step == null) {
            throw new LinkException("UseReport " + uri(testId, useReport) + ": step not found");
        }
        var value = step.reports.get(useReport.reportName());
        if (value == null) {
            throw new LinkException("UseReport " + uri(testId, useReport) + ": no such report (step "
                    + (step.passed ? "reported " + step.reports.keySet() : "failed, so reported nothing") + ")");
        }
        return value;
    }

    private StepLog previousStep(SectionLog log, String stepId) {
        var steps = log.steps;
        for (int i = steps.size() - 1; i >= 0; i--) {
            var s = steps.get(i);
            if (s != currentStep && s.stepId.equals(stepId)) {
                return s;
            }
        }
        return null;
    }

    /** The log of the section a testdir names. */
    public SectionLog otherSection(String testdir) {
        var key = sectionKey(run.testkit.testsDir(), section.dir(), testdir)
                .orElseThrow(() -> new LinkException("testdir " + testdir + " names no section of " + section.key()));
        var log = run.log(key.get(0), key.get(1));
        if (log == null) {
            throw new LinkException("testdir " + testdir + ": section " + key.get(0) + "/" + key.get(1)
                    + " has not run");
        }
        return log;
    }

    /** [test, section] for a testdir relative to a section folder, else relative to its test folder. */
    static Optional<List<String>> sectionKey(Path tests, Path sectionDir, String testdir) {
        for (var base : List.of(sectionDir, sectionDir.getParent())) {
            var rel = relative(tests, base.resolve(testdir).normalize());
            if (rel != null && rel.getNameCount() == 2) {
                return Optional.of(List.of(rel.getName(0).toString(), rel.getName(1).toString()));
            }
        }
        return Optional.empty();
    }

    private static Path relative(Path root, Path p) {
        return p.startsWith(root) ? root.relativize(p) : null;
    }

    private static String describe(Instruction.UseId u) {
        return "(testdir=" + u.testdir() + " step=" + u.step() + " section=" + u.section() + " id=" + u.id() + ")";
    }

    private static String uri(String testId, Instruction.UseReport u) {
        return "/" + testId + "/" + u.section() + "/" + u.step() + "/" + u.reportName();
    }
}
