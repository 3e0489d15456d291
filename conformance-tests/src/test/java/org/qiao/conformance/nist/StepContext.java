package org.qiao.conformance.nist;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One step being run: where it is, what it has logged so far, and what went wrong. */
final class StepContext {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    final RunState run;
    final TestDefinition test;
    final SectionDefinition section;
    final SectionLog sectionLog;
    final StepDefinition step;
    final Instruction instruction;
    final StepLog log;
    final Linker linker;
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** useAs to value of the step's UseReports, resolved once, in order. */
    final Map<String, String> useReports = new LinkedHashMap<>();
    /** The patient id forced into this step's metadata: the session id, or a fresh one for AltPatientId. */
    String forcedPatientId;

    StepContext(RunState run, TestDefinition test, SectionDefinition section, SectionLog sectionLog,
                StepDefinition step) {
        this.run = run;
        this.test = test;
        this.section = section;
        this.sectionLog = sectionLog;
        this.step = step;
        this.instruction = step.instruction();
        this.log = new StepLog(step.id(), instruction == null ? null : instruction.kind().element);
        this.linker = new Linker(run, section, sectionLog, log);
    }

    /**
     * The toolkit's test parameters ("extra linkage"), applied to every message before UseReport values:
     * {@code $patientid$} is the test's session patient id.
     */
    Map<String, String> runParameters() {
        return Map.of("$patientid$", run.sessionPatientId(test.id()));
    }

    /**
     * The toolkit's standard linkage: {@code $now$} and {@code $lastyear$} as HL7 DTM, here in UTC as XDS is.
     * {@code $now$} is rounded up to the next whole second: tests use it as an exclusive upper bound
     * (e.g. $XDSFolderLastUpdateTimeTo), and an object stored earlier in the same second must fall below it.
     */
    static Map<String, String> standardLinkage() {
        var now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        var map = new LinkedHashMap<String, String>();
        map.put("$now$", DTM.format(now));
        map.put("$lastyear$", DTM.format(now.minusYears(1)));
        return map;
    }

    static String today() {
        return DateTimeFormatter.BASIC_ISO_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)).substring(0, 8);
    }

    String where() {
        return section.key() + "/" + step.id();
    }
}
