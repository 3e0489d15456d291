package org.qiao.mllp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.mllp.MllpJournalInterceptor.field;

/** Reading fields from raw frames without HAPI: it must agree with HL7 v2 numbering on good and odd frames. */
class MllpJournalInterceptorFieldTest {

    private static final String A01 = "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|20261126||ADT^A01^ADT_A01|C1|P|2.3.1\r"
            + "EVN|A01|20261126\n"
            + "PID|||M1^^^HOSP_A~N1^^^CN-ID||张^三||19850612|F\r\n"
            + "PV1||I\r";

    @Test
    void fieldsAndComponentsAreNumberedAsInHl7() {
        assertThat(field(A01, "MSH", 2)).isEqualTo("^~\\&");
        assertThat(field(A01, "MSH", 3)).isEqualTo("HIS_A");
        assertThat(field(A01, "MSH", 9, 2)).isEqualTo("A01");
        assertThat(field(A01, "MSH", 12)).isEqualTo("2.3.1");
        assertThat(field(A01, "PID", 3, 1)).as("first repetition only").isEqualTo("M1");
        assertThat(field(A01, "PID", 5, 2)).isEqualTo("三");
        assertThat(field(A01, "PV1", 2)).isEqualTo("I");
    }

    @Test
    void absentThingsAreNull() {
        assertThat(field(A01, "MSH", 13)).isNull();
        assertThat(field(A01, "PID", 4)).isNull();
        assertThat(field(A01, "MSH", 9, 4)).isNull();
        assertThat(field(A01, "OBX", 5)).isNull();
        assertThat(field(null, "MSH", 9)).isNull();
        assertThat(field("MSH|", "MSH", 9)).isNull();
    }

    @Test
    void oddSeparatorsFindNothingRatherThanTheWrongThing() {
        assertThat(field("MSH\n^~\\&\nHIS\r", "MSH", 3)).isNull();
        assertThat(field("MSH#^~\\&#HIS_A#HOSP_A\r", "MSH", 3)).isEqualTo("HIS_A");
        assertThat(field("ZZZ|MSH|HIS\rMSH|^~\\&|HIS_B\r", "MSH", 3)).as("segment names match whole").isEqualTo("HIS_B");
    }
}
