package org.qiao.translation;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.util.ReadOnlyMessageIterator;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/** Reads MDM^T02 (document notification with content) into a {@link ClinicalNote}. */
public final class MdmParser {

    private static final GenericParser PARSER;

    static {
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        PARSER = context.getGenericParser();
    }

    private MdmParser() {
    }

    /** @throws HL7Exception for text that is not an MDM^T02 with PID, TXA and content in OBX */
    public static ClinicalNote parse(String text) throws HL7Exception {
        var message = PARSER.parse(text);
        Segment msh = null;
        Segment pid = null;
        Segment txa = null;
        String mediaType = null;
        String base64 = null;
        var lines = new StringBuilder();
        var it = new ReadOnlyMessageIterator(message);
        while (it.hasNext()) {
            if (!(it.next() instanceof Segment s) || s.isEmpty()) {
                continue;
            }
            switch (s.getName()) {
                case "MSH" -> msh = s;
                case "PID" -> pid = s;
                case "TXA" -> txa = s;
                case "OBX" -> {
                    var type = OruParser.get(s, 2, 1);
                    if ("ED".equals(type)) {
                        // ED: source^type of data^subtype^encoding^data; HL7 table 0191 writes AP for application
                        var major = OruParser.get(s, 5, 2);
                        major = major == null || "AP".equalsIgnoreCase(major) ? "application" : major.toLowerCase();
                        var minor = OruParser.get(s, 5, 3);
                        mediaType = major + "/" + (minor == null ? "octet-stream" : minor.toLowerCase());
                        base64 = Terser.get(s, 5, 0, 5, 1);
                    } else {
                        for (int rep = 0; rep < s.getField(5).length; rep++) {
                            var line = Terser.get(s, 5, rep, 1, 1);
                            lines.append(line == null ? "" : line).append('\n');
                        }
                    }
                }
                default -> { }
            }
        }
        if (pid == null || txa == null) {
            throw new HL7Exception("MDM^T02 needs a PID and a TXA segment");
        }
        if (base64 == null && lines.length() == 0) {
            throw new HL7Exception("MDM^T02 without document content in OBX");
        }
        if (base64 != null && base64.isBlank()) {
            throw new HL7Exception("Empty embedded document");
        }
        return new ClinicalNote(OruParser.get(msh, 3, 1), OruParser.get(msh, 4, 1), pid.getField(3, 0).encode(),
                OruParser.get(pid, 5, 1), OruParser.get(pid, 5, 2), OruParser.get(pid, 7, 1), OruParser.get(pid, 8, 1),
                OruParser.get(txa, 2, 1), OruParser.get(txa, 12, 1), OruParser.get(txa, 4, 1),
                OruParser.get(txa, 9, 2) == null ? OruParser.get(txa, 9, 1)
                        : OruParser.get(txa, 9, 2) + (OruParser.get(txa, 9, 3) == null ? "" : OruParser.get(txa, 9, 3)),
                base64 != null ? mediaType : "text/plain", base64, base64 != null ? null : lines.toString());
    }
}
