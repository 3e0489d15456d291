package org.qiao.conformance.nist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one test step: resolves its links, sends its transaction, evaluates the answer (status, errors,
 * ExpectedContents, retrieve contents), publishes its reports, then runs its XPath assertions.
 */
final class StepRunner {

    private final RunState run;
    private final Wire wire;
    private final RequestBuilder requests = new RequestBuilder();

    StepRunner(RunState run, Wire wire) {
        this.run = run;
        this.wire = wire;
    }

    StepResult run(TestDefinition test, SectionDefinition section, SectionLog sectionLog, StepDefinition step) {
        long t0 = System.nanoTime();
        var ctx = new StepContext(run, test, section, sectionLog, step);
        sectionLog.steps.add(ctx.log);
        try {
            execute(ctx);
        } catch (Linker.LinkException | IllegalStateException | IllegalArgumentException e) {
            ctx.problems.add(e.getMessage());
        } catch (RuntimeException e) {
            // a runner bug or an answer it cannot read: this step fails, the run goes on
            ctx.problems.add("Runner error " + e);
        } catch (IOException e) {
            ctx.problems.add("I/O: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.problems.add("Interrupted");
        }
        ctx.log.passed = ctx.problems.isEmpty();
        var transaction = ctx.instruction == null ? "-" : ctx.instruction.kind().element;
        return new StepResult(step.id(), transaction,
                ctx.problems.isEmpty() ? StepResult.Outcome.PASSED : StepResult.Outcome.FAILED,
                List.copyOf(ctx.problems), List.copyOf(ctx.notes), (System.nanoTime() - t0) / 1_000_000);
    }

    private void execute(StepContext ctx) throws IOException, InterruptedException {
        var step = ctx.step;
        step.unsupported().forEach(u -> ctx.problems.add("Step element " + u + " is not implemented by this runner"));
        if (step.newPatientId()) {
            // the toolkit allocates a fresh id and does not feed it; later steps of this test use it
            run.setSessionPatientId(ctx.test.id(), run.patients.next());
        }
        ctx.forcedPatientId = step.altPatientId() ? run.patients.next() : run.sessionPatientId(ctx.test.id());
        var ins = ctx.instruction;
        if (ins == null) {
            return;
        }
        ins.unsupported().forEach(u -> ctx.problems.add("Instruction " + u + " is not implemented by this runner"));
        if (!ctx.problems.isEmpty()) {
            return;
        }
        if (ins.waitBeforeMillis() > 0) {
            Thread.sleep(ins.waitBeforeMillis());
        }
        for (var ur : ins.useReports()) {
            ctx.useReports.put(ur.useAs(), ctx.linker.useReport(ur));
        }
        switch (ins.kind()) {
            case PATIENT_FEED -> feed(ctx);
            case NULL -> { }
            default -> soap(ctx);
        }
        if (ctx.problems.isEmpty()) {
            report(ctx);
        }
        if (ctx.problems.isEmpty() && !ins.assertions().isEmpty()) {
            var substitutions = new LinkedHashMap<String, String>();
            ctx.useReports.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    substitutions.put(k, v);
                }
            });
            substitutions.put("$DATE$", StepContext.today());
            substitutions.putAll(StepContext.standardLinkage());
            ctx.problems.addAll(XPathAssertions.check(ins.assertions(), ctx.sectionLog.toDocument(), substitutions));
        }
    }

    private void feed(StepContext ctx) throws IOException {
        var pid = ctx.instruction.createNewPatientId() ? run.patients.next() : run.sessionPatientId(ctx.test.id());
        // the toolkit makes the fed id the test's $patientid$ from here on
        run.setSessionPatientId(ctx.test.id(), pid);
        var ack = wire.feed(pid);
        boolean accepted = PatientFeed.accepted(ack);
        boolean expectSuccess = StatusCheck.expectsSuccessOnly(ctx.step);
        if (expectSuccess && !accepted) {
            ctx.problems.add("Patient feed of " + pid + " not accepted: " + flat(ack));
        } else if (!expectSuccess && accepted) {
            ctx.problems.add("Patient feed of " + pid + " accepted, expected " + StatusCheck.expected(ctx.step));
        }
    }

    private void soap(StepContext ctx) throws IOException, InterruptedException {
        var ins = ctx.instruction;
        var request = requests.build(ctx);
        ctx.log.inputMetadata = request.body();
        var response = wire.soap(ins.kind(), request.body(), request.attachments());
        ctx.log.result = response.body();
        if (response.fault() != null) {
            ctx.problems.add(response.fault());
            return;
        }
        if (!ins.kind().responseElement.equals(response.body().getLocalName())) {
            ctx.problems.add("Response is " + response.body().getLocalName() + ", expected "
                    + ins.kind().responseElement);
            return;
        }
        var action = SoapClient.action(response);
        if (!ins.kind().responseAction().equals(action)) {
            ctx.problems.add("Response wsa:Action is " + action + ", expected " + ins.kind().responseAction());
        }
        var view = RegistryResponseView.of(response.body());
        ctx.problems.addAll(StatusCheck.check(ctx.step, view));
        if (ins.kind() == TransactionKind.STORED_QUERY && ins.expectedContents() != null) {
            ctx.problems.addAll(ExpectedContentsCheck.check(ins.expectedContents(), response.body(),
                    ctx.linker::useId));
        }
        if (ins.kind() == TransactionKind.RETRIEVE && ctx.problems.isEmpty()
                && StatusCheck.expectsSuccessOnly(ctx.step)) {
            var outcome = RetrieveCheck.check(request.body(), response, referenceMetadata(ctx), ins.expectedMimeType(),
                    run, referenceDocuments(ctx));
            ctx.problems.addAll(outcome.problems());
            ctx.notes.addAll(outcome.notes());
        }
    }

    /** The query result a RetrieveTransaction's ReferenceMetadata names. */
    private QueryMetadata referenceMetadata(StepContext ctx) {
        var ref = ctx.instruction.referenceMetadata();
        if (ref == null) {
            return null;
        }
        var step = ctx.linker.otherSection(ref.testdir()).step(ref.step())
                .orElseThrow(() -> new Linker.LinkException("ReferenceMetadata: step " + ref.step() + " not found in "
                        + ref.testdir()));
        if (step.result == null) {
            throw new Linker.LinkException("ReferenceMetadata: step " + ref.step() + " has no result");
        }
        return new QueryMetadata(step.result);
    }

    /**
     * ReferenceDocument files by document uniqueId. The uid attribute is a symbol replaced like the message
     * (UseReport values); the file is looked up next to the section, then next to the test, since the testkit
     * writes both {@code ../submit/x} and {@code submit/x}.
     */
    private Map<String, Path> referenceDocuments(StepContext ctx) {
        var out = new LinkedHashMap<String, Path>();
        ctx.instruction.referenceDocuments().forEach((uidSymbol, file) -> {
            var uid = Substitution.replace(uidSymbol, ctx.useReports);
            for (var base : List.of(ctx.section.dir(), ctx.section.dir().getParent())) {
                var p = base.resolve(file).normalize();
                if (Files.isRegularFile(p)) {
                    out.put(uid, p);
                    return;
                }
            }
            ctx.notes.add("ReferenceDocument " + file + " not found next to the section or the test");
        });
        return out;
    }

    /**
     * Publishes the step's reports: its {@code <Report>} XPaths (over its own log entry), the uniqueIds and
     * UUIDs it assigned ({@code <id>_uid}, {@code <id>_uuid}) and the test parameters ({@code $patientid$}).
     */
    private void report(StepContext ctx) {
        var log = ctx.log;
        if (log.transaction != null && !ctx.instruction.reports().isEmpty()) {
            var doc = Xml.newDocument();
            doc.appendChild(log.transactionOutput(doc));
            for (var spec : ctx.instruction.reports()) {
                var section = Xml.selfAndDescendants(doc.getDocumentElement()).stream()
                        .filter(e -> spec.section().equals(e.getLocalName())).findFirst();
                if (section.isEmpty()) {
                    ctx.problems.add("Report " + spec.name() + ": section " + spec.section()
                            + " not in the step output");
                    continue;
                }
                var value = Xml.xpathString(spec.xpath(), section.get()).trim();
                if (value.isEmpty()) {
                    ctx.notes.add("Report " + spec.name() + " evaluated to nothing");
                }
                log.report(spec.name(), value);
            }
        }
        log.assigned.getOrDefault(StepLog.UIDS, Map.of()).forEach((id, uid) -> log.report(id + "_uid", uid));
        log.assigned.getOrDefault(StepLog.UUIDS, Map.of()).forEach((id, uuid) -> log.report(id + "_uuid", uuid));
        ctx.runParameters().forEach(log::report);
    }

    private static String flat(String s) {
        return s == null ? "(no answer)" : s.replace('\r', '\n').trim().replace("\n", " | ");
    }
}
