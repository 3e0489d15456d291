package org.qiao.pdq.v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.message.RSP_K21;
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

/**
 * The RSP^K22 written as text must read back through HAPI as the answer the model path builds: every value in
 * its place, delimiters inside values escaped, Chinese text as is.
 */
class RspK22TextTest {

    private final DefaultHapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));

    {
        // control ids from memory: HAPI's default generator would leave an id_file in the working folder
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }
    private final IdentityDomains domains = new IdentityDomains(List.of(
            new IdentityDomain("HOSP_A", "HOSP_A", "2.16.156.10011.0.99.2.1", DomainType.MRN, null),
            new IdentityDomain("QIAO", "QIAO", "2.16.156.10011.0.99.1", DomainType.REGIONAL, null)), "QIAO");

    private Message query() throws Exception {
        return hapi.getPipeParser().parse("MSH|^~\\&|REG_DESK|HOSP_A|QIAO|REGION|20261126120000||QBP^Q22^QBP_Q21|"
                + "Q-17|P|2.5||||||UNICODE UTF-8\r"
                + "QPD|IHE PDQ Query|TAG-1|@PID.5.1.1^朱~@PID.7.1^19761217\r"
                + "RCP|I|1^RD\r");
    }

    private static Demographics person(String family, String given, String street) {
        return new Demographics(family, given, "19761217", "M", street, "成都市", "四川省", "610000", "CHN",
                "028-84010850", "ACC|1", null, null, null, null, null, null, null, null);
    }

    @Test
    void aPageOfPersonsReadsBackAsTheModelPathWouldWriteIt() throws Exception {
        var request = query();
        var qpd = (Segment) request.get("QPD");
        var text = RspK22Text.write(request, qpd, List.of(
                new RspK22Text.Person(List.of(new Identifier("BL5", "HOSP_A"), new Identifier("QR6", "QIAO")),
                        person("朱", "勇", "红星路51号")),
                new RspK22Text.Person(List.of(new Identifier("A^B&C~D\\E", "HOSP_A")),
                        person("O|Brien", "Ann^Marie", "1 Main St & Co"))), 3, 1, "PTR-2", domains);

        var rsp = (RSP_K21) hapi.getPipeParser().parse(text);
        var t = new Terser(rsp);
        // MSH as HAPI's fillResponseHeader fills it: sender and receiver swapped, the request's version,
        // processing id and charset, a fresh control id
        assertThat(t.get("MSH-3")).isEqualTo("QIAO");
        assertThat(t.get("MSH-4")).isEqualTo("REGION");
        assertThat(t.get("MSH-5")).isEqualTo("REG_DESK");
        assertThat(t.get("MSH-6")).isEqualTo("HOSP_A");
        assertThat(t.get("MSH-7")).matches("\\d{14}\\.\\d{3}[+-]\\d{4}");
        assertThat(t.get("MSH-9-1") + "^" + t.get("MSH-9-2") + "^" + t.get("MSH-9-3")).isEqualTo("RSP^K22^RSP_K21");
        assertThat(t.get("MSH-10")).isNotBlank().isNotEqualTo("Q-17");
        assertThat(t.get("MSH-11")).isEqualTo("P");
        assertThat(t.get("MSH-12")).isEqualTo("2.5");
        assertThat(t.get("MSH-18")).isEqualTo("UNICODE UTF-8");
        assertThat(t.get("MSA-1")).isEqualTo("AA");
        assertThat(t.get("MSA-2")).isEqualTo("Q-17");
        assertThat(List.of(t.get("QAK-1"), t.get("QAK-2"), t.get("QAK-4"), t.get("QAK-5"), t.get("QAK-6")))
                .containsExactly("TAG-1", "OK", "3", "2", "1");
        assertThat(rsp.getQPD().encode()).isEqualTo(qpd.encode());
        assertThat(t.get("DSC-1")).isEqualTo("PTR-2");
        assertThat(t.get("DSC-2")).isEqualTo("I");

        assertThat(rsp.getQUERY_RESPONSEReps()).isEqualTo(2);
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-1")).isEqualTo("1");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(0)-1")).isEqualTo("BL5");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(0)-4-1")).isEqualTo("HOSP_A");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(0)-4-2")).isEqualTo("2.16.156.10011.0.99.2.1");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(0)-4-3")).isEqualTo("ISO");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(0)-5")).isEqualTo("PI");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(1)-1")).isEqualTo("QR6");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-3(1)-4-1")).isEqualTo("QIAO");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5-1")).isEqualTo("朱");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-5-2")).isEqualTo("勇");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-7")).isEqualTo("19761217");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-8")).isEqualTo("M");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-11-1")).isEqualTo("红星路51号");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-11-3")).isEqualTo("成都市");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-11-4")).isEqualTo("四川省");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-11-5")).isEqualTo("610000");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-11-6")).isEqualTo("CHN");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-13")).isEqualTo("028-84010850");
        assertThat(t.get("/QUERY_RESPONSE(0)/PID-18")).isEqualTo("ACC|1");
        // delimiters inside values come back as they were
        assertThat(t.get("/QUERY_RESPONSE(1)/PID-1")).isEqualTo("2");
        assertThat(t.get("/QUERY_RESPONSE(1)/PID-3(0)-1")).isEqualTo("A^B&C~D\\E");
        assertThat(t.get("/QUERY_RESPONSE(1)/PID-5-1")).isEqualTo("O|Brien");
        assertThat(t.get("/QUERY_RESPONSE(1)/PID-5-2")).isEqualTo("Ann^Marie");
        assertThat(t.get("/QUERY_RESPONSE(1)/PID-11-1")).isEqualTo("1 Main St & Co");
        // and the text is what HAPI would encode from that model
        assertThat(rsp.encode().replaceAll("\r$", "")).isEqualTo(text.replaceAll("\r$", ""));
    }

    @Test
    void noMatchIsNfWithoutCountsOrPid() throws Exception {
        var request = query();
        var text = RspK22Text.write(request, (Segment) request.get("QPD"), List.of(), 0, 0, null, domains);

        assertThat(text).contains("\rQAK|TAG-1|NF\r").doesNotContain("PID|").doesNotContain("DSC|");
        var t = new Terser(hapi.getPipeParser().parse(text));
        assertThat(t.get("MSA-1")).isEqualTo("AA");
        assertThat(t.get("QAK-2")).isEqualTo("NF");
    }

    @Test
    void onlyTheStandardDelimitersAreWrittenAsText() throws Exception {
        assertThat(RspK22Text.canWrite(query())).isTrue();
        var other = hapi.getPipeParser().parse("MSH#$~\\&#REG_DESK#HOSP_A#QIAO#REGION#20261126120000##QBP$Q22$QBP_Q21#"
                + "Q-18#P#2.5\rQPD#IHE PDQ Query#TAG-2#@PID.5.1.1$ZHU\rRCP#I\r");
        assertThat(RspK22Text.canWrite(other)).isFalse();
    }

    /** Every PID-5 / -11 / -13 repetition as fed (ITI TF-2a 3.21.4.2.2.8; HL7 v2.5 2.A.89 XPN). */
    @Test
    void everyRepetitionInTheOrderFed() throws Exception {
        var names = List.of("\uD842\uDFB7^三^^^^^L^I", "JI^SAN^^^^^L^P");
        var d = new Demographics("\uD842\uDFB7", "三", "19850612", "M", "红星路51号", "成都市", null, "610000", "CHN",
                "028-1", null, null, null, null, null, null, null, null, null, names,
                List.of("红星路51号^^成都市^^610000^CHN^H", "Hongxing Rd 51^^Chengdu"), List.of("028-1^PRN^PH", "139"));
        var request = query();
        var text = RspK22Text.write(request, (Segment) request.get("QPD"),
                List.of(new RspK22Text.Person(List.of(new Identifier("BL5", "HOSP_A")), d)), 1, 0, null, domains);

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
