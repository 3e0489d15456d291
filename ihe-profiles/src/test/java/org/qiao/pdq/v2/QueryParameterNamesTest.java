package org.qiao.pdq.v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.pdq.v2.PatientDemographicsQueryHandler.canonical;

/** QPD-3 field names (ITI TF-2a 3.21.4.1.2.1): a position and its first component or subcomponent are one. */
class QueryParameterNamesTest {

    @Test
    void trailingFirstComponentsAndSubcomponentsNameTheSamePosition() {
        // spelling sent, and the position it names; other components and numbers ending in 1 stay what they are
        var cases = new String[][] {
                {"@PID.18", "@PID.18"}, {"@PID.18.1", "@PID.18"}, {" @pid.18.1.1 ", "@PID.18"},
                {"@PID.5.1.1", "@PID.5"}, {"@PID.5.2.1", "@PID.5.2"}, {"@PID.3.4.1", "@PID.3.4"},
                {"@PID.3.4.2", "@PID.3.4.2"}, {"@PID.11", "@PID.11"}, {"@PID.11.1", "@PID.11"},
                {"@PID.13.12", "@PID.13.12"}, {"@PID.21", "@PID.21"}, {"@PV1.19.1", "@PV1.19"}};
        for (var c : cases) {
            assertThat(canonical(c[0])).as(c[0]).isEqualTo(c[1]);
        }
    }
}
