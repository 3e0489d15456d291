package org.qiao.translation;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of document the writers produce is schema-valid CDA R2; the schema does refuse broken ones. */
class CdaSchemaTest {

    static final LabReportCda.Context CONTEXT = new LabReportCda.Context("2.16.156.10011.0.99.5.1", "QR1",
            "2.16.156.10011.0.99.1", "M1", "2.16.156.10011.0.99.2.1", "2.16.156.10011.0.99.2.1", "市第一人民医院",
            ZonedDateTime.of(2026, 11, 25, 19, 0, 0, 0, ZoneOffset.ofHours(8)), CdaHeader.ihe());

    static final String ORU = "MSH|^~\\&|LIS_A|HOSP_A|QIAO|REGION|20261125190000||ORU^R01^ORU_R01|C1|P|2.5\r"
            + "PID|||M1^^^HOSP_A||张^三||19850612|M\r"
            + "OBR|1|P1|F1|CBC^血常规^LOCAL|||20261125183000|||||||||D0087^王^建国||||||20261125190000|||F\r"
            + "OBX|1|NM|718-7^血红蛋白^LN||142|g/L|130-175|N|||F\r"
            + "OBX|2|ST|LOCAL-7^镜检备注^LOCAL||中性粒细胞比例偏高 <5%||||||F\r";

    static final String MDM = "MSH|^~\\&|EMR_A|HOSP_A|QIAO|REGION|20261125190000||MDM^T02^MDM_T02|C2|P|2.5\r"
            + "EVN|T02|20261125190000\r"
            + "PID|||M1^^^HOSP_A||张^三||19850612|M\r"
            + "TXA|1|DS|TX|20261125190000|||||D0101^张^仲景|||DOC-1||||||AU\r";

    @Test
    void aLabReportIsValid() throws Exception {
        var cda = LabReportCda.write(OruParser.parse(ORU), CONTEXT);
        assertThat(CdaSchema.problem(cda)).as(cda).isEmpty();
    }

    @Test
    void notesWithTextOrPdfAreValid() throws Exception {
        var text = ClinicalNoteCda.write(MdmParser.parse(MDM + "OBX|1|TX|NOTE^出院小结||一般情况良好~出院||||||F\r"), CONTEXT);
        assertThat(CdaSchema.problem(text)).as(text).isEmpty();
        var pdf = ClinicalNoteCda.write(MdmParser.parse(MDM + "OBX|1|ED|PDF^出院小结||^AP^PDF^Base64^JVBERi0xLjQK||||||F\r"),
                CONTEXT);
        assertThat(CdaSchema.problem(pdf)).as(pdf).isEmpty();
    }

    static final String EXAM = "MSH|^~\\&|RIS_A|HOSP_A|QIAO|REGION|20261125190000||ORU^R01^ORU_R01|C3|P|2.5\r"
            + "PID|||M1^^^HOSP_A||张^三||19850612|M\r"
            + "OBR|1|P2|F2|CT-CHEST^胸部CT平扫^LOCAL|||20261125183000|||||||||D0087^王^建国||||||20261125190000||CT|F\r"
            + "OBX|1|TX|&GDT^检查所见||双肺纹理清晰~未见明确结节 & 肿块||||||F\r"
            + "OBX|2|TX|&IMP^诊断意见||胸部CT平扫未见异常||||||F\r";

    static final String A03 = "MSH|^~\\&|EMR_A|HOSP_A|QIAO|REGION|20261125190000||ADT^A03^ADT_A03|C4|P|2.5\r"
            + "EVN|A03|20261125190000\r"
            + "PID|||M1^^^HOSP_A||张^三||19850612|M\r"
            + "PV1||I|NEI^301^2||||D0087^王^建国||||||||||||V1001|||||||||||||||||01||||||||20261118093000|20261125100000\r"
            + "DG1|1||I10^原发性高血压^I10||20261118|F\r"
            + "DG1|2||E11.9^2型糖尿病^I10||20261118|F\r"
            + "PR1|1||88.72^心脏超声^I9CP||20261119100000\r";

    @Test
    void anExamReportIsValidAndSplitIntoFindingsAndImpression() throws Exception {
        var report = OruParser.parse(EXAM);
        assertThat(report.exam()).isTrue();
        var cda = ExamReportCda.write(report, CONTEXT);
        assertThat(CdaSchema.problem(cda)).as(cda).isEmpty();
        assertThat(cda).contains("code=\"18748-4\"").contains("<paragraph>未见明确结节 &amp; 肿块</paragraph>")
                .contains("code=\"121073\"");
        assertThat(cda.indexOf("胸部CT平扫未见异常")).isGreaterThan(cda.indexOf("121073"));
    }

    @Test
    void aLabReportIsNotAnExam() throws Exception {
        assertThat(OruParser.parse(ORU).exam()).isFalse();
    }

    @Test
    void aDischargeSummaryIsValid() throws Exception {
        var cda = DischargeSummaryCda.write(AdtParser.parse(A03), CONTEXT);
        assertThat(CdaSchema.problem(cda)).as(cda).isEmpty();
        assertThat(cda).contains("code=\"18842-5\"").contains("<low value=\"20261118093000\"/>")
                .contains("<high value=\"20261125100000\"/>").contains("dischargeDispositionCode code=\"01\"")
                .contains("code=\"E11.9\" codeSystem=\"2.16.840.1.113883.6.3\"").contains("88.72");
    }

    @Test
    void wst500HeadersAreValidToo() throws Exception {
        var wst = new CdaHeader("CN", "2.16.156.10011.1.1", java.util.Map.of("discharge",
                new CdaHeader.DocumentCode("2.16.156.10011.2.1.1.73", "C0053", "2.16.156.10011.2.4", "卫生信息共享文档规范编码体系", "出院小结")));
        var context = new LabReportCda.Context(CONTEXT.documentUniqueId(), "QR1", CONTEXT.regionalOid(), "M1",
                CONTEXT.localOid(), CONTEXT.facilityOid(), CONTEXT.facilityName(), CONTEXT.created(), wst);
        var cda = DischargeSummaryCda.write(AdtParser.parse(A03), context);
        assertThat(CdaSchema.problem(cda)).as(cda).isEmpty();
        assertThat(cda).contains("<templateId root=\"2.16.156.10011.2.1.1.73\"/>")
                .contains("<id root=\"2.16.156.10011.1.1\" extension=\"2.16.156.10011.0.99.5.1\"/>")
                .contains("code=\"C0053\" codeSystem=\"2.16.156.10011.2.4\"");
        // a kind the profile does not name keeps the IHE code
        assertThat(ExamReportCda.write(OruParser.parse(EXAM), context)).contains("code=\"18748-4\"");
    }

    @Test
    void theSchemaRefusesADocumentOutOfOrder() throws Exception {
        var cda = LabReportCda.write(OruParser.parse(ORU), CONTEXT);
        var broken = cda.replace("  <languageCode code=\"zh-CN\"/>\n", "").replace("</recordTarget>\n",
                "</recordTarget>\n  <languageCode code=\"zh-CN\"/>\n");
        assertThat(CdaSchema.problem(broken)).get().asString().contains("languageCode");
    }
}
