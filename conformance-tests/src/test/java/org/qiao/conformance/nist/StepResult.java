package org.qiao.conformance.nist;

import java.util.List;

/** The outcome of one step: why it failed, and notes that do not fail it (testkit quirks, unchecked parts). */
public record StepResult(String id, String transaction, boolean passed, List<String> problems, List<String> notes,
                         long millis) {
}
