package org.qiao.pix.v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an ITI-8 feed keeps of PID-5, -11 and -13 repetitions (HL7 v2.5 2.A.89 XPN, 2.A.85 XAD, 2.A.88 XTN). */
class NameRepetitionsFeedTest {

    private final DefaultHapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));

    private Segment pid(String delimiters, String pid) throws Exception {
        var m = hapi.getPipeParser().parse("MSH|" + delimiters + "|HIS|HOSP_A|QIAO|REGION|20261126120000||ADT"
                + delimiters.charAt(0) + "A01|C-1|P|2.5\r"
                + "EVN|A01|20261126120000\r" + pid + "\rPV1|1|I\r");
        return (Segment) m.get("PID");
    }

    @Test
    void everyRepetitionIsKeptInTheOrderSentWithItsTypeAndRepresentation() throws Exception {
        var d = PatientIdentityFeedHandler.demographics(pid("^~\\&",
                "PID|||M1^^^HOSP_A||张^三^^^^^L^I~ZHANG^SAN^^^^^L^P||19850612|M|||红星路51号^^成都市^^610000^CHN^H"
                        + "~Hongxing Rd 51^^Chengdu^^610000^CHN^H||028-1^PRN^PH~13800000000^PRN^CP"), null);

        assertThat(d.familyName()).isEqualTo("张");
        assertThat(d.givenName()).isEqualTo("三");
        assertThat(d.names()).containsExactly("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P");
        assertThat(d.addresses()).containsExactly("红星路51号^^成都市^^610000^CHN^H", "Hongxing Rd 51^^Chengdu^^610000^CHN^H");
        assertThat(d.phones()).containsExactly("028-1^PRN^PH", "13800000000^PRN^CP");
    }

    @Test
    void otherDelimitersAreStoredWithTheStandardOnesAndEscapesSurvive() throws Exception {
        var d = PatientIdentityFeedHandler.demographics(pid("#@$%",
                "PID|||M1###HOSP_A||O^Brien#Ann&Marie#####L@\uD842\uDFB7#三#####L#I"), null);

        assertThat(d.names()).containsExactly("O\\S\\Brien^Ann\\T\\Marie^^^^^L", "\uD842\uDFB7^三^^^^^L^I");
        assertThat(org.qiao.pix.EncodedField.part(d.names().get(0), 1, 1)).isEqualTo("O^Brien");
        assertThat(org.qiao.pix.EncodedField.part(d.names().get(0), 2, 1)).isEqualTo("Ann&Marie");
    }
}
