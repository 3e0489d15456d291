package org.qiao.conformance.pdq;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.segments;

/**
 * Names in two scripts at the wire: an ITI-8 feed's PID-5 with the hanzi name (XPN-8 I) and its pinyin (P)
 * (HL7 v2.5 2.A.89 XPN), found by either and answered with both, in the order sent, byte for byte (ITI TF-2a
 * 3.21.4.2.2.8), also with characters outside the Basic Multilingual Plane (𠮷 U+20BB7, 𪚥 U+2A6A5).
 */
class NameRepetitionsTest extends EngineTestSupport {

    /** PID-5 of the first patient: legal name, ideographic then phonetic (XPN-7 L, XPN-8 I / P). */
    private static final String ZHANG_SAN = "张^三^^^^^L^I~ZHANG^SAN^^^^^L^P";
    /** Its PID-11 and PID-13, two repetitions each, answered as fed. */
    private static final String[] ADDRESSES_PHONES = {
            "红星路51号^^成都市^四川省^610021^CHN^H~Hongxing Rd 51^^Chengdu^Sichuan^610021^CHN^H",
            "028-86651234^PRN^PH~13880001234^PRN^CP"};
    /** PID-5 of the second: 𠮷𪚥, both outside the BMP, and its pinyin. */
    private static final String JI_ZHE = "\uD842\uDFB7^\uD869\uDEA5^^^^^L^I~JI^ZHE^^^^^L^P";

    private static String zhangMrn;

    @BeforeAll
    static void feed() throws Exception {
        zhangMrn = Hl7.unique("NR");
        a01(zhangMrn, ZHANG_SAN, "19850612", ADDRESSES_PHONES[0], ADDRESSES_PHONES[1]);
        a01(Hl7.unique("NR"), JI_ZHE, "19900101", "人民路1号^^成都市", "13900000000");
        a01(Hl7.unique("NR"), "李^四^^^^^L", "19850612", "人民路2号^^成都市", "13700000000");
    }

    private static void a01(String mrn, String pid5, String birth, String pid11, String pid13) throws Exception {
        var ack = Mllp.exchange(engine.mllpPort, "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|" + Hl7.now()
                + "||ADT^A01^ADT_A01|" + controlId() + "|P|2.3.1||||||UNICODE UTF-8\r"
                + "EVN|A01|" + Hl7.now() + "\r"
                + "PID|||" + mrn + "^^^" + Hl7.HOSP_A + "||" + pid5 + "||" + birth + "|M|||" + pid11 + "||" + pid13 + "\r"
                + "PV1||O\r");
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
    }

    private static String q22(String parameters) {
        return "MSH|^~\\&|EMR_C|CLINIC_C|QIAO|REGION|" + Hl7.now() + "||QBP^Q22^QBP_Q21|" + controlId()
                + "|P|2.5||||||UNICODE UTF-8\rQPD|IHE PDQ Query|T" + controlId() + "|" + parameters + "\rRCP|I\r";
    }

    private static List<String> pids(String parameters) throws Exception {
        var answer = Mllp.exchange(engine.mllpPort, q22(parameters));
        assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AA");
        return segments(answer, "PID");
    }

    private static String onlyPid(String parameters) throws Exception {
        var pids = pids(parameters);
        assertThat(pids).as(parameters).hasSize(1);
        return pids.get(0);
    }

    @Test
    void iti21FindsThePatientByEitherScriptAndAnswersBothNames() throws Exception {
        for (var parameters : List.of("@PID.5.1.1^张", "@PID.5.1.1^ZHANG", "@PID.5.1.1^zhang~@PID.5.2^san",
                "@PID.5.1.1^Zha*", "@PID.5.1.1^张~@PID.5.2^三", "@PID.5.1.1^ZHANG~@PID.7.1^19850612",
                "@PID.5.2^S A N")) {
            var pid = onlyPid(parameters);
            assertThat(field(pid, "PID", 5)).as(parameters).isEqualTo(ZHANG_SAN);
            assertThat(field(pid, "PID", 11)).isEqualTo(ADDRESSES_PHONES[0]);
            assertThat(field(pid, "PID", 13)).isEqualTo(ADDRESSES_PHONES[1]);
            assertThat(Hl7.pid3(pid + "\r")).contains(zhangMrn + "^^^" + Hl7.HOSP_A + "^PI");
        }
    }

    @Test
    void familyAndGivenNameMustComeFromOneRepetition() throws Exception {
        assertThat(pids("@PID.5.1.1^张~@PID.5.2^SAN")).isEmpty();
        assertThat(pids("@PID.5.1.1^ZHANG~@PID.5.2^四")).isEmpty();
        assertThat(pids("@PID.5.1.1^ZHANG~@PID.7.1^19850613")).isEmpty();
        assertThat(pids("@PID.5.1.1^ZHANGS*")).isEmpty();
    }

    @Test
    void charactersOutsideTheBmpAreFoundAndAnsweredByteForByte() throws Exception {
        for (var parameters : List.of("@PID.5.1.1^\uD842\uDFB7", "@PID.5.2^\uD869\uDEA5*", "@PID.5.1.1^ji~@PID.5.2^zhe")) {
            var pid = onlyPid(parameters);
            assertThat(field(pid, "PID", 5).getBytes(StandardCharsets.UTF_8)).as(parameters)
                    .isEqualTo(JI_ZHE.getBytes(StandardCharsets.UTF_8));
        }
        // 吉 is another character, not a spelling of 𠮷
        assertThat(pids("@PID.5.1.1^吉")).isEmpty();
    }

    @Test
    void iti22AnswersBothNamesThroughTheModelPath() throws Exception {
        var answer = Mllp.exchange(engine.mllpPort, q22("@PID.5.1.1^zhang").replace("QBP^Q22^QBP_Q21", "QBP^ZV1^QBP_Q21"));
        assertThat(field(answer, "MSH", 9)).as(answer).isEqualTo("RSP^ZV2^RSP_ZV2");
        assertThat(segments(answer, "PID")).hasSize(1);
        assertThat(field(segments(answer, "PID").get(0), "PID", 5)).isEqualTo(ZHANG_SAN);
        assertThat(field(segments(answer, "PID").get(0), "PID", 11)).isEqualTo(ADDRESSES_PHONES[0]);
    }

    @Test
    void mllpSendGetsBothNamesOfTheRareCharacterPatient() throws Exception {
        var file = Files.createTempFile("iti21-", ".hl7");
        try {
            Files.writeString(file, q22("@PID.5.1.1^JI~@PID.7.1^19900101"), StandardCharsets.UTF_8);
            var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p",
                    String.valueOf(engine.mllpPort), "127.0.0.1").redirectErrorStream(true).start();
            var out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            var answer = new String(out, StandardCharsets.UTF_8).replace("\u000b", "").replace("\u001c", "")
                    .replace("\n", "\r");
            assertThat(p.exitValue()).as(answer).isZero();
            assertThat(segments(answer, "PID")).as(answer).hasSize(1);
            assertThat(field(segments(answer, "PID").get(0), "PID", 5)).isEqualTo(JI_ZHE);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
