package org.qiao.conformance.nist;

import java.util.List;

/** The outcome of a test: its sections, each with its steps, in run order. */
public record TestResult(String id, String title, List<String> collections, List<Section> sections) {

    /** One section's steps. */
    public record Section(String name, List<StepResult> steps) {

        public boolean passed() {
            return steps.stream().allMatch(StepResult::passed);
        }
    }

    public boolean passed() {
        return sections.stream().allMatch(Section::passed);
    }

    /** "section/step: problems" for every failed step. */
    public List<String> failures() {
        return sections.stream().flatMap(s -> s.steps().stream()
                .filter(st -> st.outcome() == StepResult.Outcome.FAILED)
                .map(st -> s.name() + "/" + st.id() + ": " + String.join("; ", st.problems()))).toList();
    }
}
