package org.qiao.pdq.v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.pdq.v2.PatientDemographicsQueryHandler.canonical;

/** QPD-3 field names (ITI TF-2a 3.21.4.1.2.1): a position and its first component or subcomponent are one. */
class QueryParameterNamesTest {

    @Test
    void trailingFirstComponentsAndSubcomponentsNameTheSamePosition() {
        assertThat(canonical("@PID.18")).isEqualTo("@PID.18");
        assertThat(canonical("@PID.18.1")).isEqualTo("@PID.18");
        assertThat(canonical(" @pid.18.1.1 ")).isEqualTo("@PID.18");
        assertThat(canonical("@PID.5.1.1")).isEqualTo("@PID.5");
        assertThat(canonical("@PID.5.2.1")).isEqualTo("@PID.5.2");
        assertThat(canonical("@PID.3.4.1")).isEqualTo("@PID.3.4");
        // other components and multi-digit numbers ending in 1 stay what they are
        assertThat(canonical("@PID.3.4.2")).isEqualTo("@PID.3.4.2");
        assertThat(canonical("@PID.11")).isEqualTo("@PID.11");
        assertThat(canonical("@PID.11.1")).isEqualTo("@PID.11");
        assertThat(canonical("@PID.13.12")).isEqualTo("@PID.13.12");
        assertThat(canonical("@PID.21")).isEqualTo("@PID.21");
        assertThat(canonical("@PV1.19.1")).isEqualTo("@PV1.19");
    }
}
