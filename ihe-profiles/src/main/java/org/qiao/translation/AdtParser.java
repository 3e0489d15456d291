package org.qiao.translation;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.util.ReadOnlyMessageIterator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.util.ArrayList;
import java.util.List;

import static org.qiao.translation.OruParser.get;

/** Reads ADT^A03 (v2.3.1 to 2.5.1) into a {@link Discharge}: PID, PV1, every DG1 and PR1, by position. */
public final class AdtParser {

    private static final GenericParser PARSER;

    static {
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        PARSER = context.getGenericParser();
    }

    private AdtParser() {
    }

    /** @throws HL7Exception for text that is not an ADT^A03 with PID, and PV1 with the discharge date (PV1-45) */
    public static Discharge parse(String text) throws HL7Exception {
        var message = PARSER.parse(text);
        Segment msh = null;
        Segment pid = null;
        Segment pv1 = null;
        var diagnoses = new ArrayList<Discharge.Coded>();
        var procedures = new ArrayList<Discharge.Coded>();
        var it = new ReadOnlyMessageIterator(message);
        while (it.hasNext()) {
            if (!(it.next() instanceof Segment s) || s.isEmpty()) {
                continue;
            }
            switch (s.getName()) {
                case "MSH" -> msh = s;
                case "PID" -> pid = pid == null ? s : pid;
                case "PV1" -> pv1 = pv1 == null ? s : pv1;
                case "DG1" -> diagnoses.add(new Discharge.Coded(get(s, 3, 1), get(s, 3, 2) != null ? get(s, 3, 2)
                        : get(s, 4, 1), get(s, 3, 3), get(s, 6, 1)));
                case "PR1" -> procedures.add(new Discharge.Coded(get(s, 3, 1), get(s, 3, 2) != null ? get(s, 3, 2)
                        : get(s, 4, 1), get(s, 3, 3), get(s, 5, 1)));
                default -> { }
            }
        }
        if (pid == null || pid.getField(3).length == 0) {
            throw located(new HL7Exception("Patient identifier (PID-3) missing"), "PID", 3);
        }
        if (pv1 == null || get(pv1, 45, 1) == null) {
            throw located(new HL7Exception("A discharge summary needs the discharge date (PV1-45)"), "PV1", 45);
        }
        return new Discharge(get(msh, 3, 1), get(msh, 4, 1), get(msh, 10, 1), pid.getField(3, 0).encode(),
                get(pid, 5, 1), get(pid, 5, 2), get(pid, 7, 1), get(pid, 8, 1), get(pv1, 19, 1), get(pv1, 44, 1),
                get(pv1, 45, 1), get(pv1, 36, 1), name(pv1, 7), List.copyOf(diagnoses), List.copyOf(procedures));
    }

    private static HL7Exception located(HL7Exception e, String segment, int field) {
        e.setSegmentName(segment);
        e.setSegmentRepetition(1);
        e.setFieldPosition(field);
        e.setError(ca.uhn.hl7v2.ErrorCode.REQUIRED_FIELD_MISSING);
        return e;
    }

    private static String name(Segment s, int field) throws HL7Exception {
        var family = get(s, field, 2);
        var given = get(s, field, 3);
        return family == null && given == null ? get(s, field, 1) : Xml.nz(family) + Xml.nz(given);
    }
}
