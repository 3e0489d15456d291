package org.qiao.routes.console;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Values as the pages show them: HL7 dates, segments and the reasons messages were refused. */
class ShownTest {

    private final Shown shown = new Shown(new StaticMessageSource());

    @Test
    void errSegmentsReadAsCodeTextAndMessage() {
        // HL7 v2.3.1 ERR-1 (code and text as subcomponents), as an AE of ITI-8 carries it
        assertThat(shown.reason("ERR|PID^1^3^101&Required field missing&HL70357&&Patient identifier missing at PID(1)-3(1)-1"))
                .isEqualTo("101 Required field missing：Patient identifier missing at PID(1)-3(1)-1");
        // HL7 v2.5 ERR-2 location, ERR-3 code, ERR-8 user message with an escaped ^
        assertThat(shown.reason("ERR||MSH^1^12^1^1|203^Unsupported version id^HL70357^^^^^^ADT\\S\\A01 must be HL7 "
                + "version 2.3.1, not 2.5 at MSH(1)-12(1)-1|E"))
                .isEqualTo("203 Unsupported version id：ADT^A01 must be HL7 version 2.3.1, not 2.5 at MSH(1)-12(1)-1");
        assertThat(shown.reason("not HL7: no MSH segment")).isEqualTo("not HL7: no MSH segment");
        assertThat(shown.reason(null)).isEmpty();
    }

    @Test
    void hl7DatesAndSegmentsReadAsPeopleWriteThem() {
        assertThat(shown.date("19850612")).isEqualTo("1985-06-12");
        assertThat(shown.date("202611250830+0800")).isEqualTo("2026-11-25 08:30");
        assertThat(shown.date("junk")).isEqualTo("junk");
        assertThat(shown.segments("MSH|1\rPID|2\r")).isEqualTo("MSH|1\nPID|2\n");
        assertThat(shown.percent(0.1)).isEqualTo("10.0 %");
    }
}
