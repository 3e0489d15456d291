package org.qiao.conformance.nist;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A test folder of the testkit: its sections in index.idx order. */
public record TestDefinition(String id, Path dir, String readme, List<String> collections,
                             List<SectionDefinition> sections) {

    private static final Pattern OTHER_TEST = Pattern.compile("^\\.\\./\\.\\./([^/]+)/");

    /** Other tests whose reports or logs this test reads (UseReport test=, UseId testdir="../../X/..."). */
    public Set<String> dependencies() {
        var deps = new TreeSet<String>();
        for (var section : sections) {
            for (var step : section.steps()) {
                var ins = step.instruction();
                if (ins == null) {
                    continue;
                }
                ins.useReports().stream().map(Instruction.UseReport::test)
                        .filter(t -> t != null && !t.isBlank()).forEach(deps::add);
                for (var useId : ins.useIds()) {
                    if (useId.testdir() != null) {
                        var m = OTHER_TEST.matcher(useId.testdir());
                        if (m.find()) {
                            deps.add(m.group(1));
                        }
                    }
                }
            }
        }
        deps.remove(id);
        return deps;
    }

    public SectionDefinition section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
