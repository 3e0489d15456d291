package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/send, run as the README's "Trying it" runs it: a process given sample files, against this class's engine.
 * What it prints per file (the name, then the answer's MSA and ERR segments) and its exit code are the contract.
 */
class SendToolTest extends EngineTestSupport {

    private static final Path SAMPLES = Engine.repo().resolve("samples/hl7");

    private record Run(int exitCode, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private static Run send(int port, Path... files) throws Exception {
        var cmd = new ArrayList<>(List.of(Engine.repo().resolve("bin/send").toString(), "--port", String.valueOf(port)));
        for (var f : files) {
            cmd.add(f.toString());
        }
        var p = new ProcessBuilder(cmd).directory(Engine.repo().toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out.lines().toList());
    }

    /** MSH-10 as the file has it (the field is ASCII in every character set the samples use). */
    private static String controlId(Path file) throws Exception {
        var msh = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("[\r\n]+")[0];
        return msh.split("\\|", -1)[9];
    }

    private static List<Path> numberedSamples() throws Exception {
        try (var list = Files.list(SAMPLES)) {
            return list.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.hl7")).sorted().toList();
        }
    }

    @Test
    void everyNumberedSampleGetsItsAaLineAndTheRunSucceeds() throws Exception {
        var files = numberedSamples();
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);

        var run = send(engine.mllpPort, files.toArray(Path[]::new));

        assertThat(run.exitCode()).as(run.text()).isZero();
        // per file: its name, then the MSA of its answer, acknowledging its own control id (MSA-2 = MSH-10)
        var expected = new ArrayList<String>();
        for (var f : files) {
            expected.add(f.toString());
            expected.add("  MSA|AA|" + controlId(f));
        }
        assertThat(run.lines()).as(run.text()).containsExactlyElementsOf(expected);
        // the GB 18030 sample was sent in the set its MSH-18 names: the name arrived intact
        var gb = admin.patient("hosp-b-mrn", "B00045990").get("records").get(0).get("demographics");
        assertThat(gb.get("familyName").asText()).isEqualTo("欧阳");
    }

    @Test
    void aRefusedFeedShowsItsErrAndFailsTheRunButTheNextFileIsStillSent(@TempDir Path dir) throws Exception {
        // an ITI-8 feed from hospital A whose PID-3 names a domain the region does not know, with LF line ends
        var controlId = Hl7.controlId();
        var unknownDomain = Hl7.adt("A01", controlId, "HIS_A", "HOSP_A", "X1^^^NOWHERE&1.2.3.4.5&ISO", "王", "五",
                "UNICODE UTF-8");
        var bad = dir.resolve("unknown-domain.hl7");
        Files.writeString(bad, unknownDomain.replace("\r", "\n"), StandardCharsets.UTF_8);
        var good = SAMPLES.resolve("01-iti8-a01-admit-hosp-a.hl7");

        var run = send(engine.mllpPort, bad, good);

        assertThat(run.exitCode()).as(run.text()).isEqualTo(1);
        assertThat(run.lines().get(0)).as(run.text()).isEqualTo(bad.toString());
        // MSA-3 may carry the error's text after the control id
        assertThat(run.lines().get(1)).as(run.text()).matches(java.util.regex.Pattern.quote("  MSA|AE|" + controlId) + "(\\|.*)?");
        assertThat(run.lines().get(2)).as(run.text()).startsWith("  ERR|PID^1^3^204");
        assertThat(run.lines().subList(3, run.lines().size())).as(run.text())
                .containsExactly(good.toString(), "  MSA|AA|" + controlId(good));
    }

    @Test
    void noEngineOnThePortIsAFailure() throws Exception {
        var sample = SAMPLES.resolve("08-iti9-q23-pix-query.hl7");

        var run = send(Engine.freePort(), sample);

        assertThat(run.exitCode()).as(run.text()).isEqualTo(1);
        assertThat(run.lines()).as(run.text()).first().isEqualTo(sample.toString());
        assertThat(run.text()).contains("not sent");
    }
}
