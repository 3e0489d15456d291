package org.qiao.conformance.pix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.HOSP_B;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.pid3;
import static org.qiao.conformance.support.Hl7.unique;

/**
 * Record linkage switched on ({@code qiao.pix.matching.enabled}): hospitals that share no identifier are
 * linked by demographics when the evidence is strong, and left apart otherwise; seen through ITI-8 and ITI-9.
 */
class RecordLinkageWireTest {

    static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.pix.matching.enabled=true");
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    /** An A01 with its own demographics instead of the shared defaults of {@link Hl7#adt}. */
    private static void feed(String pid3, String family, String given, String birth, String sex, String address,
                             String phone) throws Exception {
        var message = Hl7.adt("A01", controlId(), pid3, family, given)
                .replace("||19850612|F|||建设路88号^^成都市^四川^610000^CHN||028-85551234",
                        "||" + birth + "|" + sex + "|||" + address + "||" + phone);
        assertThat(message).as("own demographics in PID").contains("||" + birth + "|" + sex + "|||");
        var ack = Mllp.exchange(engine.mllpPort, message);
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
    }

    /** The hospital A identifiers the PIX Manager gives for a hospital B MRN. */
    private static java.util.List<String> hospitalAIdsOf(String mrnB) throws Exception {
        var answer = Mllp.exchange(engine.mllpPort, Hl7.q23(controlId(), mrnB + "^^^" + HOSP_B, "^^^" + HOSP_A));
        assertThat(field(answer, "MSA", 1)).as(answer).isEqualTo("AA");
        return pid3(answer);
    }

    @Test
    void hanziAtOneHospitalAndPinyinAtAnotherAreOnePerson() throws Exception {
        var mrnA = unique("A");
        var mrnB = unique("B");
        feed(mrnA + "^^^" + HOSP_A, "王", "小明", "19800312", "M", "文三路1号^^杭州^浙江^310012^CHN", "13800138000");
        feed(mrnB + "^^^" + HOSP_B, "WANG", "XIAOMING", "19800312", "M", "^^Hangzhou^Zhejiang^310012^CHN", "");
        assertThat(hospitalAIdsOf(mrnB)).containsExactly(mrnA + "^^^" + HOSP_A);
    }

    @Test
    void swappedDayAndMonthAloneIsNotLinked() throws Exception {
        var mrnA = unique("A");
        var mrnB = unique("B");
        feed(mrnA + "^^^" + HOSP_A, "陈", "丽", "19880304", "F", "", "");
        feed(mrnB + "^^^" + HOSP_B, "Chen", "Li", "19880403", "F", "", "");
        assertThat(hospitalAIdsOf(mrnB)).isEmpty();
    }

    @Test
    void twoWangWeiBornOnDifferentDaysStayTwoPersons() throws Exception {
        var mrnA = unique("A");
        var mrnB = unique("B");
        feed(mrnA + "^^^" + HOSP_A, "王", "伟", "19750101", "M", "^^杭州^浙江^310012^CHN", "13800000001");
        feed(mrnB + "^^^" + HOSP_B, "王", "伟", "19930617", "M", "^^杭州^浙江^310012^CHN", "13900000002");
        assertThat(hospitalAIdsOf(mrnB)).isEmpty();
    }
}
