package org.qiao.translation;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ORU^R01 (v2.3.1 to v2.5.1, as hospital LIS send them) into a {@link LabReport}. Fields are read by
 * position, so any of these versions and vendors' Z-segments parse alike.
 */
public final class OruParser {

    private static final GenericParser PARSER;

    static {
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        PARSER = context.getGenericParser();
    }

    private OruParser() {
    }

    /** @throws HL7Exception for text that is not an ORU^R01 with PID, OBR and at least one OBX */
    public static LabReport parse(String text) throws HL7Exception {
        var message = PARSER.parse(text);
        var t = new Terser(message);
        var msh = t.getSegment("/MSH");
        var pid = segment(t, "PID");
        var obr = segment(t, "OBR");
        if (pid == null || obr == null) {
            throw new HL7Exception("ORU^R01 needs a PID and an OBR segment");
        }
        var ids = new ArrayList<String>();
        for (int rep = 0; rep < pid.getField(3).length; rep++) {
            ids.add(pid.getField(3, rep).encode());
        }
        var observations = new ArrayList<LabReport.Observation>();
        for (var obx : all(message, "OBX")) {
            var type = get(obx, 2, 1);
            var value = "TX".equals(type) || "FT".equals(type) ? reportText(obx) : get(obx, 5, 1);
            observations.add(new LabReport.Observation(get(obx, 3, 1), get(obx, 3, 2), get(obx, 3, 3), type,
                    value, get(obx, 6, 1), get(obx, 7, 1), get(obx, 8, 1), get(obx, 11, 1)));
        }
        if (observations.isEmpty()) {
            throw new HL7Exception("ORU^R01 without any OBX result");
        }
        return new LabReport(get(msh, 3, 1), get(msh, 4, 1), get(msh, 7, 1), List.copyOf(ids), get(pid, 5, 1),
                get(pid, 5, 2), get(pid, 7, 1), get(pid, 8, 1), get(obr, 2, 1), get(obr, 3, 1), get(obr, 4, 1),
                get(obr, 4, 2), get(obr, 7, 1), get(obr, 25, 1), fullName(obr, 16), get(obr, 24, 1),
                List.copyOf(observations));
    }

    /** Report text (TX/FT): every repetition of OBX-5 a line, FT line breaks (\\.br\\) too. */
    private static String reportText(Segment obx) throws HL7Exception {
        var lines = new ArrayList<String>();
        for (int rep = 0; rep < obx.getField(5).length; rep++) {
            var line = Terser.get(obx, 5, rep, 1, 1);
            lines.add(line == null ? "" : line.replace("\\.br\\", "\n"));
        }
        var text = String.join("\n", lines).strip();
        return text.isEmpty() ? null : text;
    }

    private static Segment segment(Terser t, String name) {
        try {
            return t.getSegment("/." + name);
        } catch (HL7Exception e) {
            return null;
        }
    }

    /** Every non-empty segment of that name, in message order, whatever groups the version nests it in. */
    private static List<Segment> all(ca.uhn.hl7v2.model.Message message, String name) throws HL7Exception {
        var out = new ArrayList<Segment>();
        var it = new ca.uhn.hl7v2.util.ReadOnlyMessageIterator(message);
        while (it.hasNext()) {
            var structure = it.next();
            if (structure instanceof Segment s && name.equals(s.getName()) && !s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String fullName(Segment s, int field) throws HL7Exception {
        var family = get(s, field, 2);
        var given = get(s, field, 3);
        if (family == null && given == null) {
            return get(s, field, 1);
        }
        return (family == null ? "" : family) + (given == null ? "" : given);
    }

    static String get(Segment s, int field, int component) throws HL7Exception {
        if (s == null || s.getField(field).length == 0) {
            return null;
        }
        var v = Terser.get(s, field, 0, component, 1);
        return v == null || v.isEmpty() ? null : v;
    }
}
