package org.qiao.pdq.v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import org.junit.jupiter.api.Test;
import org.qiao.pix.Demographics;
import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ITI-21 answers carry every PID-5 / -11 / -13 repetition as fed (ITI TF-2a 3.21.4.2.2.8; HL7 v2.5 2.A.89 XPN). */
class RspK22RepetitionsTest {

    private final DefaultHapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));

    {
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }
    private final IdentityDomains domains = new IdentityDomains(List.of(
            new IdentityDomain("HOSP_A", "HOSP_A", "2.16.156.10011.0.99.2.1", DomainType.MRN, null),
            new IdentityDomain("QIAO", "QIAO", "2.16.156.10011.0.99.1", DomainType.REGIONAL, null)), "QIAO");

    private Message query() throws Exception {
        return hapi.getPipeParser().parse("MSH|^~\\&|REG_DESK|HOSP_A|QIAO|REGION|20261126120000||QBP^Q22^QBP_Q21|"
                + "Q-17|P|2.5||||||UNICODE UTF-8\rQPD|IHE PDQ Query|TAG-1|@PID.5.1.1^ZHANG\rRCP|I\r");
    }

    @Test
    void everyRepetitionInTheOrderFed() throws Exception {
        var names = List.of("\uD842\uDFB7^三^^^^^L^I", "JI^SAN^^^^^L^P");
        var d = new Demographics("\uD842\uDFB7", "三", "19850612", "M", "红星路51号", "成都市", null, "610000", "CHN",
                "028-1", null, null, null, null, null, null, null, null, null, names,
                List.of("红星路51号^^成都市^^610000^CHN^H", "Hongxing Rd 51^^Chengdu"), List.of("028-1^PRN^PH", "139"));
        var request = query();
        var text = RspK22Text.write(request, (Segment) request.get("QPD"),
                List.of(new RspK22Text.Person(List.of(new Identifier("M1", "HOSP_A")), d)), 1, 0, null, domains);

        assertThat(text).contains("|\uD842\uDFB7^三^^^^^L^I~JI^SAN^^^^^L^P||19850612|M|||"
                + "红星路51号^^成都市^^610000^CHN^H~Hongxing Rd 51^^Chengdu||028-1^PRN^PH~139\r");
        var t = new Terser(hapi.getPipeParser().parse(text));
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5(0)-1")).isEqualTo("\uD842\uDFB7");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5(0)-8")).isEqualTo("I");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5(1)-1")).isEqualTo("JI");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5(1)-7")).isEqualTo("L");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5(1)-8")).isEqualTo("P");
    }
}
