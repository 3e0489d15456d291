package org.qiao.routes.mllp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.routes.mllp.Hl7Fields.field;

/** Reading fields from raw frames without HAPI: it must agree with HL7 v2 numbering on good and odd frames. */
class Hl7FieldsTest {

    private static final String A01 = "MSH|^~\\&|HIS_A|HOSP_A|QIAO|REGION|20261126||ADT^A01^ADT_A01|C1|P|2.3.1\r"
            + "EVN|A01|20261126\n"
            + "PID|||M1^^^HOSP_A~N1^^^CN-ID||张^三||19850612|F\r\n"
            + "PV1||I\r";

    @Test
    void fieldsAndComponentsAreNumberedAsInHl7() {
        assertThat(field(A01, "MSH", 2)).isEqualTo("^~\\&");
        assertThat(field(A01, "MSH", 3)).isEqualTo("HIS_A");
        assertThat(field(A01, "MSH", 9, 2)).isEqualTo("A01");
        assertThat(field(A01, "MSH", 12)).isEqualTo("2.3.1");
        assertThat(field(A01, "PID", 3, 1)).as("first repetition only").isEqualTo("M1");
        assertThat(field(A01, "PID", 5, 2)).isEqualTo("三");
        assertThat(field(A01, "PV1", 2)).isEqualTo("I");
    }

    @Test
    void absentThingsAreNull() {
        assertThat(field(A01, "MSH", 13)).isNull();
        assertThat(field(A01, "PID", 4)).isNull();
        assertThat(field(A01, "MSH", 9, 4)).isNull();
        assertThat(field(A01, "OBX", 5)).isNull();
        assertThat(field(null, "MSH", 9)).isNull();
        assertThat(field("MSH|", "MSH", 9)).isNull();
    }

    @Test
    void oddSeparatorsFindNothingRatherThanTheWrongThing() {
        assertThat(field("MSH\n^~\\&\nHIS\r", "MSH", 3)).isNull();
        assertThat(field("MSH#^~\\&#HIS_A#HOSP_A\r", "MSH", 3)).isEqualTo("HIS_A");
        assertThat(field("ZZZ|MSH|HIS\rMSH|^~\\&|HIS_B\r", "MSH", 3)).as("segment names match whole").isEqualTo("HIS_B");
    }

    @Test
    void agreesWithSplittingTheSegmentOnRandomFrames() {
        // field() finds values by index; the split-based reading it replaced is the reference
        String[] pieces = {"|", "^", "~", "&", "\r", "\n", "A", "BC", "PID", "MSH", "张"};
        var random = new java.util.Random(7);
        int found = 0;
        for (int round = 0; round < 3000; round++) {
            var text = new StringBuilder(random.nextBoolean() ? "MSH|^~\\&|" : "MSH#^~\\&#");
            for (int i = random.nextInt(25); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            var message = text.toString();
            for (var segment : new String[] {"MSH", "PID"}) {
                for (int f = "MSH".equals(segment) ? 1 : 0; f < 8; f++) {
                    for (int c = 0; c < 4; c++) {
                        var expected = splitReading(message, segment, f, c);
                        assertThat(field(message, segment, f, c)).as("%s-%d.%d of %s", segment, f, c, message)
                                .isEqualTo(expected);
                        found += expected == null ? 0 : 1;
                    }
                }
            }
        }
        assertThat(found).as("values compared, not only absences").isGreaterThan(10_000);
    }

    @Test
    void segmentsWithoutANameAreFoundByLine() {
        var ok = "MSH|^~\\&|A\r\nPID|1\r\rPV1\r";
        assertThat(FrameChecks.segmentNameProblem(ok)).isNull();
        assertThat(FrameChecks.segmentNameProblem("MSH|^~\\&|A\r\npid|1\r"))
                .isEqualTo("Segment 2 ('pid|1') does not start with a segment name and the field separator");
        assertThat(FrameChecks.segmentNameProblem("MSH|^~\\&|A\r\rPID1234567890123\r"))
                .isEqualTo("Segment 3 ('PID123456789…') does not start with a segment name and the field separator");
    }

    /** The former reading: cut the segment at every separator, then the field at every component separator. */
    private static String splitReading(String message, String segment, int field, int component) {
        if (message.length() < 8) {
            return null;
        }
        char sep = message.charAt(3);
        for (var line : message.split("[\r\n]")) {
            if (line.length() <= segment.length() || !line.startsWith(segment) || line.charAt(segment.length()) != sep) {
                continue;
            }
            var fields = line.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
            int index = "MSH".equals(segment) ? field - 1 : field;
            if (index < 0 || index >= fields.length) {
                return null;
            }
            var value = fields[index];
            if ("MSH".equals(segment) && field == 2) {
                return value;
            }
            if (component > 0) {
                var comps = value.split(java.util.regex.Pattern.quote(String.valueOf(message.charAt(4))), -1);
                value = component <= comps.length ? comps[component - 1] : "";
                int rep = value.indexOf('~');
                value = rep >= 0 ? value.substring(0, rep) : value;
            }
            return value.isEmpty() ? null : value;
        }
        return null;
    }
}
