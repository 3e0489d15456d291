package org.qiao.conformance.pdq;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.segments;

/**
 * The ITI-21 samples in samples/hl7, sent with an independent client (Debian python3-hl7's mllp_send) after
 * the ITI-8 story of samples 01–07, as the samples README shows.
 */
class PdqSamplesWithMllpSendTest extends EngineTestSupport {

    private static String mllpSend(Path file) throws Exception {
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, file.getFileName().toString().contains("gb18030")
                ? java.nio.charset.Charset.forName("GB18030") : StandardCharsets.UTF_8)
                .replace("\u000b", "").replace("\u001c", "").replace("\n", "\r");
    }

    private static Path sample(String name) {
        return Engine.repo().resolve("samples/hl7").resolve(name);
    }

    private static List<String> pid3(String pid) {
        return List.of(field(pid, "PID", 3).split("~"));
    }

    @Test
    void theSamplesFindTheStorysResidents() throws Exception {
        try (var list = Files.list(Engine.repo().resolve("samples/hl7"))) {
            for (var f : list.filter(f -> f.getFileName().toString().matches("0[1-7]-iti8-.*\\.hl7")).sorted().toList()) {
                assertThat(field(mllpSend(f), "MSA", 1)).as(f.toString()).isEqualTo("AA");
            }
        }

        // 张三 by name and birth date: one person, every identifier of every hospital, not the merged duplicate
        var byName = mllpSend(sample("iti21-q22-name-and-birth-date.hl7"));
        assertThat(field(byName, "MSH", 9)).as(byName).isEqualTo("RSP^K22^RSP_K21");
        assertThat(field(byName, "QAK", 2)).isEqualTo("OK");
        assertThat(segments(byName, "PID")).hasSize(1);
        var pid = segments(byName, "PID").get(0);
        assertThat(pid3(pid)).hasSize(5)
                .contains("M20260001^^^" + Hl7.HOSP_A + "^PI", "B00045871^^^" + Hl7.HOSP_B + "^PI",
                        "510104198506120022^^^" + Hl7.NATIONAL_ID + "^PI", "H5101000123456^^^" + Hl7.HEALTH_CARD + "^PI")
                .noneMatch(cx -> cx.startsWith("M20260099"));
        assertThat(field(pid, "PID", 5)).isEqualTo("张^三");

        // 欧* (hanzi prefix) and female, only hospital B's identifiers: 欧阳娜娜 of the GB 18030 sample
        var wildcard = mllpSend(sample("iti21-q22-wildcard-one-domain.hl7"));
        assertThat(segments(wildcard, "PID")).hasSize(1);
        assertThat(pid3(segments(wildcard, "PID").get(0))).containsExactly("B00045990^^^" + Hl7.HOSP_B + "^PI");
        assertThat(field(segments(wildcard, "PID").get(0), "PID", 5)).isEqualTo("欧阳^娜娜");

        // everyone in 成都市, two per message: three residents, the first two and a continuation pointer
        var city = mllpSend(sample("iti21-q22-city-two-per-page.hl7"));
        assertThat(segments(city, "PID")).hasSize(2);
        assertThat(field(city, "QAK", 4)).isEqualTo("3");
        assertThat(field(city, "DSC", 1)).isNotEmpty();
        assertThat(field(city, "DSC", 2)).isEqualTo("I");

        // ITI-22: inpatients of the obstetrics ward (FK): 欧阳娜娜, with her visit
        var ward = mllpSend(sample("iti22-zv1-inpatients-of-a-ward.hl7"));
        assertThat(field(ward, "MSH", 9)).as(ward).isEqualTo("RSP^ZV2^RSP_ZV2");
        assertThat(segments(ward, "PID")).hasSize(1);
        assertThat(field(segments(ward, "PID").get(0), "PID", 5)).isEqualTo("欧阳^娜娜");
        assertThat(field(segments(ward, "PV1").get(0), "PV1", 3)).isEqualTo("FK^0208^03^HOSP_B");
        assertThat(field(segments(ward, "PV1").get(0), "PV1", 2)).isEqualTo("I");
        assertThat(field(segments(ward, "PV1").get(0), "PV1", 7)).startsWith("Z330^周^慧");

        // the consumer does not want the rest
        var cancel = mllpSend(sample("iti21-qcn-j01-cancel.hl7"));
        assertThat(field(cancel, "MSH", 9)).isEqualTo("ACK^J01^ACK");
        assertThat(field(cancel, "MSA", 1)).isEqualTo("AA");
    }
}
