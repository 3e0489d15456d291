package org.qiao.routes.mllp;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** MSH-18 read from raw text, and frames decoded in the character set it names. */
class Hl7CharsetsTest {

    private static final String HEADER = "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|20261126||QBP^Q22^QBP_Q21|C1|P|2.5|||||CHN|";

    @Test
    void msh18IsTheSeventeenthFieldAfterMsh1() {
        assertThat(Hl7Charsets.msh18(HEADER + "UNICODE UTF-8\rQPD|x")).isEqualTo("UNICODE UTF-8");
        assertThat(Hl7Charsets.msh18(HEADER + "GB 18030-2000|ZH\rQPD|x")).isEqualTo("GB 18030-2000");
        assertThat(Hl7Charsets.msh18("MSH#^~\\&#A#B#C#D#T##Q^Q22#C1#P#2.5#####CHN#8859/1\r")).isEqualTo("8859/1");
    }

    @Test
    void absentOrEmptyMsh18IsNullAndOtherSegmentsAreNotRead() {
        assertThat(Hl7Charsets.msh18(HEADER + "\rQPD|x")).isNull();
        assertThat(Hl7Charsets.msh18("MSH|^~\\&|A|B\rPID|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|UNICODE UTF-8")).isNull();
        assertThat(Hl7Charsets.msh18("MSH|^~\\&|A|B\nPID|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|UNICODE UTF-8")).isNull();
        assertThat(Hl7Charsets.msh18("PID|1")).isNull();
        assertThat(Hl7Charsets.msh18(null)).isNull();
    }

    @Test
    void framesAreDecodedInTheNamedCharacterSet() {
        var gb = Charset.forName("GB18030");
        var text = HEADER + "GB 18030-2000\rPID|||M1^^^HOSP_A||张^三\n";
        assertThat(Hl7Charsets.decode(text.getBytes(gb))).isEqualTo(text.replace('\n', '\r'));
        var utf8 = HEADER + "UNICODE UTF-8\r\nPID|||M1^^^HOSP_A||李^四";
        assertThat(Hl7Charsets.decode(utf8.getBytes(StandardCharsets.UTF_8))).isEqualTo(utf8.replace("\r\n", "\r"));
    }

    /** HL7 v2.5 2.15.9.18: an answer beyond ASCII names its set; without a request's MSH-18 that is UTF-8. */
    @Test
    void answersBeyondAsciiNameUtf8WhenTheyNameNoCharacterSet() {
        var shortHeader = "MSH|^~\\&|QIAO|REGION|HIS_A|HOSP_A|20261126||RSP^K22^RSP_K21|C1|P|2.5";
        assertThat(Hl7Charsets.namingItsCharset(shortHeader + "\rPID|||M1||张^三\r"))
                .isEqualTo(shortHeader + "||||||UNICODE UTF-8\rPID|||M1||张^三\r");
        // MSH-18 present but empty (and fields after it): written in its place
        assertThat(Hl7Charsets.namingItsCharset(HEADER + "|ZH\rPID|||M1||张^三"))
                .isEqualTo(HEADER + "UNICODE UTF-8|ZH\rPID|||M1||张^三");
        assertThat(Hl7Charsets.namingItsCharset(HEADER + "\rPID|||M1||张^三"))
                .isEqualTo(HEADER + "UNICODE UTF-8\rPID|||M1||张^三");
        // another separator
        assertThat(Hl7Charsets.namingItsCharset("MSH#^~\\&#A#B\rERR#é"))
                .isEqualTo("MSH#^~\\&#A#B##############UNICODE UTF-8\rERR#é");
        assertThat(Hl7Charsets.msh18(Hl7Charsets.namingItsCharset("MSH#^~\\&#A#B\rERR#é"))).isEqualTo("UNICODE UTF-8");
    }

    @Test
    void answersThatNameASetOrAreAsciiStayAsTheyAre() {
        var gb = HEADER + "GB 18030-2000\rPID|||M1||张^三";
        assertThat(Hl7Charsets.namingItsCharset(gb)).isSameAs(gb);
        var ascii = HEADER + "\rPID|||M1||ZHANG^SAN";
        assertThat(Hl7Charsets.namingItsCharset(ascii)).isSameAs(ascii);
        assertThat(Hl7Charsets.namingItsCharset("not hl7 张")).isEqualTo("not hl7 张");
        assertThat(Hl7Charsets.namingItsCharset(null)).isNull();
    }
}
