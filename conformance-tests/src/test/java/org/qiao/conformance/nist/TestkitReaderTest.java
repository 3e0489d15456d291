package org.qiao.conformance.nist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole testkit reads into the model, and every instruction in it is one the runner implements. */
class TestkitReaderTest {

    static Testkit testkit;
    static List<TestDefinition> all;

    @BeforeAll
    static void readAll() {
        testkit = Testkit.fromSystemProperty();
        all = testkit.testIds().stream().map(testkit::test).toList();
    }

    @Test
    void all77TestsAndTheirSectionsParse() {
        assertThat(all).hasSize(77);
        assertThat(all).allSatisfy(t -> {
            assertThat(t.sections()).as(t.id()).isNotEmpty();
            assertThat(t.sections()).allSatisfy(s -> assertThat(s.steps()).as(s.key()).isNotEmpty());
        });
        assertThat(all.stream().mapToLong(t -> t.sections().size()).sum()).isEqualTo(288);
    }

    @Test
    void indexOrderIsKeptAndWindowsLineEndsAreHarmless() {
        assertThat(testkit.test("15816").sections()).extracting(SectionDefinition::name)
                .containsExactly("Register_Stable", "PnR");
        assertThat(testkit.test("12346").sections()).extracting(SectionDefinition::name)
                .containsExactly("single_doc", "doc_w_fol", "two_doc_w_fol", "doc_for_rplc", "rplc");
    }

    @Test
    void noInstructionIsLeftUnimplemented() {
        var unsupported = new ArrayList<String>();
        forEachStep((s, step) -> {
            step.unsupported().forEach(u -> unsupported.add(s.key() + "/" + step.id() + ": " + u));
            if (step.instruction() != null) {
                step.instruction().unsupported().forEach(u -> unsupported.add(s.key() + "/" + step.id() + ": " + u));
            }
        });
        assertThat(unsupported).isEmpty();
    }

    @Test
    void everyExpectedContentsElementIsImplemented() {
        var used = new TreeSet<String>();
        forEachStep((s, step) -> {
            var ins = step.instruction();
            if (ins != null && ins.expectedContents() != null) {
                Xml.children(ins.expectedContents()).forEach(e -> used.add(e.getLocalName()));
            }
        });
        assertThat(used).isNotEmpty();
        assertThat(ExpectedContentsCheck.SUPPORTED).containsAll(used);
    }

    @Test
    void everyFileAStepNamesExists() {
        var missing = new ArrayList<String>();
        forEachStep((s, step) -> {
            var ins = step.instruction();
            if (ins == null) {
                return;
            }
            if (ins.kind().isSoap() && (ins.metadataFile() == null
                    || !Files.isRegularFile(s.dir().resolve(ins.metadataFile())))) {
                missing.add(s.key() + "/" + step.id() + ": MetadataFile " + ins.metadataFile());
            }
            ins.documents().values().stream().filter(f -> !Files.isRegularFile(s.dir().resolve(f)))
                    .forEach(f -> missing.add(s.key() + "/" + step.id() + ": Document " + f));
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void everyUseIdTestdirNamesASectionOfTheTestkit() {
        var unresolved = new ArrayList<String>();
        forEachStep((s, step) -> {
            var ins = step.instruction();
            if (ins == null || ins.kind() == TransactionKind.RETRIEVE) {
                return; // the toolkit never compiles UseId in a retrieve (12021 has testdir="submit" there)
            }
            for (var useId : ins.useIds()) {
                if (useId.testdir() == null) {
                    continue;
                }
                var key = Linker.sectionKey(testkit.testsDir(), s.dir(), useId.testdir());
                if (key.isEmpty() || testkit.test(key.get().get(0)).section(key.get().get(1)) == null) {
                    unresolved.add(s.key() + "/" + step.id() + ": " + useId.testdir());
                }
            }
        });
        assertThat(unresolved).isEmpty();
    }

    @Test
    void setUpTestsRunFirstAndDependenciesArePulledIn() {
        assertThat(testkit.test("12368").dependencies()).containsExactlyInAnyOrder("12346", "12374");
        assertThat(testkit.test("11990").dependencies()).containsExactly("15817");
        // 11898 queries 12346's data (fed by 15818) and, as every test, has the 15817 patient as $patientid$
        assertThat(testkit.runOrder(List.of("11898"))).containsExactly("15817", "15818", "12346", "11898");
        assertThat(testkit.runOrder(List.of("12368")))
                .containsExactly("15817", "15817b", "15818", "12346", "12374", "12368");
        assertThat(testkit.prerequisites("12374")).containsExactly("15817b");
        var order = testkit.runOrder(testkit.testIds());
        assertThat(order).hasSize(77).startsWith(Testkit.SETUP.toArray(String[]::new));
    }

    @Test
    void instructionsAreReadAsTheToolkitReadsThem() {
        var update = testkit.test("15800").section("update").steps().get(0).instruction();
        assertThat(update.kind()).isEqualTo(TransactionKind.UPDATE);
        assertThat(update.noAssignUidTo()).isEqualTo("Document01");
        assertThat(update.assignUids()).isTrue();
        assertThat(update.assignUuids()).isTrue();
        assertThat(update.noPatientId()).isTrue();
        assertThat(update.useIds()).extracting(Instruction.UseId::symbol).containsExactly("$lid$", "$Document01_uid$");
        assertThat(update.reports()).extracting(Instruction.ReportSpec::name).containsExactly("update_doc_uuid");

        var remove = testkit.test("30000").sections().get(0).steps().get(0);
        assertThat(remove.expectedStatus()).containsExactly("Failure");
        assertThat(remove.expectedErrorCode()).isEqualTo("UnresolvedReferenceException");
        assertThat(remove.instruction().parseMetadata()).isFalse();

        var pnr = testkit.test("11979").section("submit").steps().get(0).instruction();
        assertThat(pnr.documents()).containsOnlyKeys("Document01", "Document02");

        var alt = testkit.test("11996").sections().get(0).steps().get(0);
        assertThat(alt.altPatientId()).isTrue();
        assertThat(alt.expectedErrorMessage()).isEqualTo("XDSUnknownPatientId");
    }

    private interface StepVisitor {
        void visit(SectionDefinition section, StepDefinition step);
    }

    private static void forEachStep(StepVisitor visitor) {
        for (var t : all) {
            for (var s : t.sections()) {
                for (var step : s.steps()) {
                    visitor.visit(s, step);
                }
            }
        }
    }
}
