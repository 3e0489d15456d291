package org.qiao.conformance.nist;

import java.util.List;

/**
 * The outcome of one step: why it failed, and notes that do not fail it (testkit quirks, unchecked parts).
 * As in the toolkit, a section stops at its first failing step; the steps after it are SKIPPED.
 */
public record StepResult(String id, String transaction, Outcome outcome, List<String> problems, List<String> notes,
                         long millis) {

    public enum Outcome { PASSED, FAILED, SKIPPED }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    static StepResult skipped(StepDefinition step, String failedStep) {
        var kind = step.instruction() == null ? "-" : step.instruction().kind().element;
        return new StepResult(step.id(), kind, Outcome.SKIPPED, List.of(),
                List.of("not run: step " + failedStep + " failed"), 0);
    }
}
