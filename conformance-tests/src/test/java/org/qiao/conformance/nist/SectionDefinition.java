package org.qiao.conformance.nist;

import java.nio.file.Path;
import java.util.List;

/** A section: one folder named in the test's index.idx, with its testplan.xml read into steps. */
public record SectionDefinition(String testId, String name, Path dir, List<StepDefinition> steps) {

    public String key() {
        return testId + "/" + name;
    }
}
