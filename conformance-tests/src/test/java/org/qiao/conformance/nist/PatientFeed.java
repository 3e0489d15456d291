package org.qiao.conformance.nist;

import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.io.IOException;

/**
 * The testkit's Patient Identity Feed: an HL7 v2.3.1 ADT^A01 over MLLP, shaped like the toolkit's A01Sender
 * (sender NIST^NIST, MSH-18 empty, so plain ASCII content).
 */
public final class PatientFeed {

    private PatientFeed() {
    }

    public static String a01(String controlId, String pid3) {
        var now = Hl7.now();
        return "MSH|^~\\&|NIST|NIST|QIAO|REGION|" + now + "||ADT^A01^ADT_A01|" + controlId + "|P|2.3.1\r"
                + "EVN|A01|" + now + "\r"
                + "PID|||" + pid3 + "||APPLESEED^JOHN^A^^^^L||19710101|M|||1 CATALYZE STREET^^MADISON^WI^53005\r"
                + "PV1||I\r";
    }

    /** Sends the feed and returns the acknowledgement (null if the connection closed without one). */
    public static String feed(int mllpPort, String pid3) throws IOException {
        return Mllp.exchange(mllpPort, a01("NIST" + Hl7.controlId(), pid3));
    }

    /** MSA-1 of an acknowledgement; AA or CA means accepted. */
    public static boolean accepted(String ack) {
        var msa = ack == null ? null : Hl7.field(ack, "MSA", 1);
        return "AA".equals(msa) || "CA".equals(msa);
    }
}
