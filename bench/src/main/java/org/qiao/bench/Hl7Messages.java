package org.qiao.bench;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** HL7 v2 messages the load generators send: an ITI-8 ADT^A01 (v2.3.1) of about 1 KB, as a HIS sends it. */
public final class Hl7Messages {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private Hl7Messages() {
    }

    /**
     * An admission of a new patient of HOSP_A (MRN {@code mrn}), with national id, address, next of kin,
     * visit and allergy segments so the frame is about 1 KB of UTF-8 with Chinese names.
     */
    public static String a01(String controlId, String mrn, Residents.Resident p) {
        var now = LocalDateTime.now().format(TS);
        return "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|" + now + "||ADT^A01^ADT_A01|" + controlId
                + "|P|2.3.1||||||UNICODE UTF-8\r"
                + "EVN|A01|" + now + "|||D0087^王^建国\r"
                + "PID|1||" + mrn + "^^^HOSP_A&2.16.156.10011.0.99.2.1&ISO~" + p.nationalId()
                + "^^^CN-ID&2.16.156.10011.1.3&ISO||" + p.family() + "^" + p.given() + "^^^^^L||" + p.birthDate()
                + "|" + p.sex() + "|||" + p.street() + "^^成都市^四川省^610000^CHN^H||" + p.phone()
                + "^PRN^PH|||M^已婚|||" + p.nationalId() + "|||汉族^^GB3304|四川省成都市\r"
                + "NK1|1|" + p.family() + "^秀兰|SPO^配偶^HL70063|" + p.street() + "^^成都市^四川省^610000^CHN|"
                + "028-86669999\r"
                + "PV1|1|I|NEI^301^2^HOSP_A^^^^^内科三病区||||D0087^王^建国^^^^主任医师|D0112^李^志强||"
                + "MED|||||||D0087^王^建国||V" + controlId + "|||||||||||||||||||||||||" + now + "\r"
                + "PV2|||^胸闷气短三天，活动后加重|||||||||||||||||||||||||||||||||||||\r"
                + "AL1|1|DA|^青霉素^L|SV|皮疹，呼吸困难\r"
                + "DG1|1||I20.000^不稳定型心绞痛^ICD10|不稳定型心绞痛||A\r"
                + "OBX|1|NM|8302-2^身高^LN||172|cm|||||F\r"
                + "OBX|2|NM|29463-7^体重^LN||68|kg|||||F\r";
    }

    /** ITI-21 QBP^Q22 (v2.5): PDQ by family name and birth date, at most 10 persons per answer. */
    public static String q22(String controlId, Residents.Resident p) {
        return "MSH|^~\\&|REG_DESK|HOSP_A|QIAO|REGION|" + LocalDateTime.now().format(TS) + "||QBP^Q22^QBP_Q21|"
                + controlId + "|P|2.5||||||UNICODE UTF-8\r"
                + "QPD|IHE PDQ Query|Q" + controlId + "|@PID.5.1.1^" + p.family() + "~@PID.7.1^" + p.birthDate() + "\r"
                + "RCP|I|10^RD\r";
    }

    /** MSA-1 of an ACK, or null when there is none. */
    public static String ackCode(String ack) {
        if (ack == null) {
            return null;
        }
        for (var seg : ack.split("\r")) {
            if (seg.startsWith("MSA|")) {
                var f = seg.split("\\|", -1);
                return f.length > 1 ? f[1] : null;
            }
        }
        return null;
    }
}
