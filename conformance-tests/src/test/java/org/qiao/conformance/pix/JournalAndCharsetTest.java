package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Hl7.HOSP_A;
import static org.qiao.conformance.support.Hl7.controlId;
import static org.qiao.conformance.support.Hl7.field;
import static org.qiao.conformance.support.Hl7.unique;

/** The message journal (idempotent retries) and character sets (UTF-8, GB 18030) at the wire. */
class JournalAndCharsetTest extends EngineTestSupport {

    static final Charset GB18030 = Charset.forName("GB18030");



    @Test
    void aRetriedMessageGetsTheIdenticalAckAndHasNoSecondEffect() throws Exception {
        var mrn = unique("A");
        var cid = controlId();
        var message = Hl7.adt("A01", cid, mrn + "^^^" + HOSP_A, "郑", "十一");
        byte[] first;
        byte[] second;
        try (var c = new Mllp(engine.mllpPort)) {
            first = c.sendFrame(message.getBytes(StandardCharsets.UTF_8));
        }
        // the sender did not see the ACK and retries on a new connection
        try (var c = new Mllp(engine.mllpPort)) {
            second = c.sendFrame(message.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(field(new String(first, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        assertThat(second).isEqualTo(first);
        var journal = admin.journal(cid);
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("outcome").asText()).isEqualTo("AA");
        assertThat(journal.get(0).get("transaction").asText()).isEqualTo("ITI-8");
        assertThat(journal.get(0).get("sendingApplication").asText()).isEqualTo("HIS_A");
        assertThat(journal.get(0).get("sendingFacility").asText()).isEqualTo("HOSP_A");
        assertThat(journal.get(0).get("messageType").asText()).isEqualTo("ADT^A01");
        assertThat(journal.get(0).get("response").asText()).isEqualTo(new String(first, StandardCharsets.UTF_8));
        assertThat(admin.patient("hosp-a-mrn", mrn).get("records")).hasSize(1);
    }

    @Test
    void theSameControlIdFromAnotherSenderIsAnotherMessage() throws Exception {
        var cid = controlId();
        var a = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, unique("A") + "^^^" + HOSP_A, "冯", "一"));
        var b = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, unique("B") + "^^^" + Hl7.HOSP_B, "冯", "二"));
        assertThat(field(a, "MSA", 1)).isEqualTo("AA");
        assertThat(field(b, "MSA", 1)).isEqualTo("AA");
        assertThat(admin.journal(cid)).hasSize(2);
    }

    @Test
    void aRejectedMessageCanBeCorrectedAndResentWithTheSameControlId() throws Exception {
        var cid = controlId();
        var mrn = unique("A");
        var bad = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, mrn + "^^^NOWHERE", "陈", "二"));
        assertThat(field(bad, "MSA", 1)).isEqualTo("AE");
        var good = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", cid, mrn + "^^^" + HOSP_A, "陈", "二"));
        assertThat(field(good, "MSA", 1)).isEqualTo("AA");
        assertThat(admin.journal(cid)).hasSize(2);
    }

    @Test
    void chineseNamesInUtf8SurviveByteExact() throws Exception {
        var mrn = unique("A");
        var cid = controlId();
        var message = Hl7.adt("A01", cid, "HIS_A", "HOSP_A", mrn + "^^^" + HOSP_A, "欧阳", "娜娜", "UNICODE UTF-8")
                .replace("建设路88号", "锦江区红星路二段７０号");
        try (var c = new Mllp(engine.mllpPort)) {
            var ack = c.send(message, StandardCharsets.UTF_8);
            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
            assertThat(field(ack, "MSH", 18)).isEqualTo("UNICODE UTF-8");
        }
        var record = admin.patient("hosp-a-mrn", mrn).get("records").get(0).get("demographics");
        assertThat(record.get("familyName").asText()).isEqualTo("欧阳");
        assertThat(record.get("givenName").asText()).isEqualTo("娜娜");
        assertThat(record.get("street").asText()).isEqualTo("锦江区红星路二段７０号");
        // birth date, sex, phone and the visit (PV1) are kept for PDQ
        assertThat(record.get("birthDate").asText()).isEqualTo("19850612");
        assertThat(record.get("sex").asText()).isEqualTo("F");
        assertThat(record.get("phone").asText()).isEqualTo("028-85551234");
        assertThat(record.get("patientClass").asText()).isEqualTo("I");
        assertThat(record.get("location").asText()).isEqualTo("NEI^301^2^HOSP");
        assertThat(record.get("visitNumber").asText()).isEqualTo("V" + cid);
        assertThat(record.get("attending").asText()).isEqualTo("D0087^王^建国");
        assertThat(record.get("admitTime").asText()).matches("\\d{14}");
        assertThat(admin.journal(cid).get(0).get("raw").asText()).isEqualTo(message);
    }

    @Test
    void gb18030MessagesAreDecodedAndAnsweredInGb18030() throws Exception {
        var mrn = unique("A");
        var cid = controlId();
        // 𠀀 is outside the BMP: GB 18030 encodes it in four bytes
        var message = Hl7.adt("A01", cid, "HIS_A", "HOSP_A", mrn + "^^^" + HOSP_A, "司马", "𠀀懿", "GB 18030-2000");
        try (var c = new Mllp(engine.mllpPort)) {
            var answer = c.sendFrame(message.getBytes(GB18030));
            var ack = new String(answer, GB18030);
            assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
            assertThat(field(ack, "MSH", 18)).isEqualTo("GB 18030-2000");
        }
        var record = admin.patient("hosp-a-mrn", mrn).get("records").get(0).get("demographics");
        assertThat(record.get("familyName").asText()).isEqualTo("司马");
        assertThat(record.get("givenName").asText()).isEqualTo("𠀀懿");
        var journal = admin.journal(cid).get(0);
        assertThat(journal.get("raw").asText()).isEqualTo(message);
        assertThat(journal.get("charset").asText()).isEqualTo("GB18030");
    }

    @Test
    void aGb18030QueryIsAnsweredInGb18030() throws Exception {
        var mrn = unique("A");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", controlId(), mrn + "^^^" + HOSP_A, "黄", "忠"));
        var query = Hl7.q23(controlId(), mrn + "^^^" + HOSP_A, "").replace("|P|2.5\r", "|P|2.5||||||GB 18030-2000\r");
        try (var c = new Mllp(engine.mllpPort)) {
            var rsp = new String(c.sendFrame(query.getBytes(GB18030)), GB18030);
            assertThat(field(rsp, "MSA", 1)).isEqualTo("AA");
            assertThat(field(rsp, "MSH", 18)).isEqualTo("GB 18030-2000");
        }
    }
}
