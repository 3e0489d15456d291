package org.qiao.conformance.support;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the HL7 v2 messages hospitals send, with the identity domains of config/application.yml. */
public final class Hl7 {

    public static final String HOSP_A = "HOSP_A&2.16.156.10011.0.99.2.1&ISO";
    public static final String HOSP_B = "HOSP_B&2.16.156.10011.0.99.2.2&ISO";
    public static final String CLINIC_C = "CLINIC_C&2.16.156.10011.0.99.2.3&ISO";
    public static final String NATIONAL_ID = "CN-ID&2.16.156.10011.1.3&ISO";
    public static final String HEALTH_CARD = "HEALTHCARD&2.16.156.10011.1.19&ISO";
    public static final String REGIONAL = "QIAO&2.16.156.10011.0.99.1&ISO";

    private static final AtomicLong SEQ = new AtomicLong();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private Hl7() {
    }

    /** A control id unique to this test run. */
    public static String controlId() {
        return RUN + "-" + SEQ.incrementAndGet();
    }

    /** An identifier value unique to this test run, e.g. for an MRN. */
    public static String unique(String prefix) {
        return prefix + RUN.toUpperCase() + SEQ.incrementAndGet();
    }

    public static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    /** The sending application and facility of a domain's Patient Identity Source. */
    public static String[] sender(String domain) {
        return switch (domain.substring(0, domain.indexOf('&'))) {
            case "HOSP_B" -> new String[] {"HIS_B", "HOSP_B"};
            case "CLINIC_C" -> new String[] {"HIS_C", "CLINIC_C"};
            default -> new String[] {"HIS_A", "HOSP_A"};
        };
    }

    /**
     * An ITI-8 ADT (v2.3.1) message: A01, A04, A05 or A08, with PID-3 given as a full field value.
     * The sender is the Patient Identity Source of the first identifier's domain.
     */
    public static String adt(String event, String controlId, String pid3, String family, String given) {
        var sender = pid3.contains("&") ? sender(pid3.substring(pid3.indexOf("^^^") + 3)) : new String[] {"HIS_A", "HOSP_A"};
        return adt(event, controlId, sender[0], sender[1], pid3, family, given, "UNICODE UTF-8");
    }

    public static String adt(String event, String controlId, String app, String facility, String pid3,
                             String family, String given, String charset) {
        return "MSH|^~\\&|" + app + "|" + facility + "|QIAO|REGION|" + now() + "||ADT^" + event + "^ADT_A01|"
                + controlId + "|P|2.3.1||||||" + charset + "\r"
                + "EVN|" + event + "|" + now() + "\r"
                + "PID|||" + pid3 + "||" + family + "^" + given + "||19850612|F|||建设路88号^^成都市^四川^610000^CHN||028-85551234\r"
                + "PV1||I|NEI^301^2^HOSP||||D0087^王^建国||||||||||||V" + controlId + "|||||||||||||||||||||||||" + now() + "\r";
    }

    /** ITI-8 A40: {@code retired} (MRG-1) is merged into {@code survivor} (PID-3). */
    public static String a40(String controlId, String survivor, String retired, String family, String given) {
        var sender = sender(survivor.substring(survivor.indexOf("^^^") + 3));
        return "MSH|^~\\&|" + sender[0] + "|" + sender[1] + "|QIAO|REGION|" + now() + "||ADT^A40^ADT_A39|"
                + controlId + "|P|2.3.1||||||UNICODE UTF-8\r"
                + "EVN|A40|" + now() + "\r"
                + "PID|||" + survivor + "||" + family + "^" + given + "||19850612|F\r"
                + "MRG|" + retired + "\r";
    }

    /** An ITI-30 message (v2.5) from the source of {@code cx}'s domain; {@code body} are the segments after MSH. */
    public static String pam(String event, String structure, String cx, String body) {
        var sender = sender(cx.substring(cx.indexOf("^^^") + 3));
        return "MSH|^~\\&|" + sender[0] + "|" + sender[1] + "|QIAO|REGION|" + now() + "||ADT^" + event + "^"
                + structure + "|" + controlId() + "|P|2.5||||||UNICODE UTF-8\r"
                + "EVN||" + now() + "\r" + body;
    }

    /** The PID of an ITI-30 message. */
    public static String pamPid(String cx, String family, String given) {
        return "PID|||" + cx + "||" + family + "^" + given + "||19790101|M|||人民南路1号^^成都市^四川^610041^CHN\r";
    }

    /** ITI-30 A28 (create patient) for {@code cx}. */
    public static String a28(String cx, String family, String given) {
        return pam("A28", "ADT_A05", cx, pamPid(cx, family, given) + "PV1||N\r");
    }

    /** ITI-9 PIX Query (QBP^Q23, v2.5) for {@code cx}; {@code domains} is QPD-4 (may be empty). */
    public static String q23(String controlId, String cx, String domains) {
        return "MSH|^~\\&|PIXCONSUMER|HOSP_A|QIAO|REGION|" + now() + "||QBP^Q23^QBP_Q21|" + controlId
                + "|P|2.5\r"
                + "QPD|IHE PIX Query|Q" + controlId + "|" + cx + "|" + domains + "\r"
                + "RCP|I\r";
    }

    /** A field of the first segment of that name (1-based field, MSH counted as HL7 does). */
    public static String field(String message, String segment, int field) {
        for (var seg : message.split("\r")) {
            if (seg.startsWith(segment + "|")) {
                var f = seg.split("\\|", -1);
                int i = segment.equals("MSH") ? field - 1 : field;
                return i < f.length ? f[i] : "";
            }
        }
        return null;
    }

    /** All segments of that name. */
    public static java.util.List<String> segments(String message, String segment) {
        return java.util.Arrays.stream(message.split("\r")).filter(s -> s.startsWith(segment + "|")).toList();
    }

    /** The identifiers (id^^^authority) listed in PID-3 of a response, or an empty list. */
    public static java.util.List<String> pid3(String message) {
        var f = field(message, "PID", 3);
        return f == null || f.isEmpty() ? java.util.List.of() : java.util.List.of(f.split("~"));
    }

    /**
     * The key of each run of successive values with the same key, e.g. the authority of each run of PID-3
     * repetitions: a list without duplicates means each key's values stand together (ITI TF-2a 3.9.4.2.2.6 Case 6).
     */
    public static java.util.List<String> runs(java.util.List<String> values,
                                              java.util.function.Function<String, String> key) {
        var runs = new java.util.ArrayList<String>();
        for (var v : values) {
            var k = key.apply(v);
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(k)) {
                runs.add(k);
            }
        }
        return runs;
    }

    /** The assigning authority of a CX (id^^^authority[^type]). */
    public static String authority(String cx) {
        return cx.split("\\^", -1)[3];
    }
}
