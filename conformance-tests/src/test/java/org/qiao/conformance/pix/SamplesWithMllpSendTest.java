package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples in samples/hl7, sent exactly as the README shows with an independent client:
 * Debian python3-hl7's mllp_send (installed by the test script).
 */
class SamplesWithMllpSendTest extends EngineTestSupport {




    private static String mllpSend(Path file) throws Exception {
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, file.getFileName().toString().contains("gb18030")
                ? java.nio.charset.Charset.forName("GB18030") : StandardCharsets.UTF_8)
                .replace("\u000b", "").replace("\u001c", "");
    }

    @Test
    void everySampleIsAcceptedAndTheStoryAddsUp() throws Exception {
        var files = new ArrayList<Path>();
        try (var list = Files.list(Engine.repo().resolve("samples/hl7"))) {
            list.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.hl7")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        String queryAnswer = null;
        for (var f : files) {
            var answer = mllpSend(f);
            assertThat(Hl7.field(answer, "MSA", 1)).as(f + ": " + answer).isEqualTo("AA");
            if (f.getFileName().toString().contains("iti9")) {
                queryAnswer = answer;
            }
        }
        // hospital B's MRN reaches hospital A's surviving MRN (the merged duplicate is gone) and the regional id
        assertThat(Hl7.field(queryAnswer, "QAK", 2)).isEqualTo("OK");
        assertThat(Hl7.pid3(queryAnswer)).hasSize(2)
                .contains("M20260001^^^" + Hl7.HOSP_A)
                .anyMatch(cx -> cx.endsWith("^^^" + Hl7.REGIONAL));
        var gb = admin.patient("hosp-b-mrn", "B00045990").get("records").get(0).get("demographics");
        assertThat(gb.get("familyName").asText()).isEqualTo("欧阳");
        var merged = admin.patient("hosp-a-mrn", "M20260099");
        assertThat(merged).isNull();
    }
}
