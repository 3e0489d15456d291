package org.qiao.routes.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.message.ACK;
import ca.uhn.hl7v2.util.Terser;

/**
 * Negative acknowledgements for messages rejected before any transaction sees them (wrong type, event or
 * version, too large, unparsable). Built from the request's MSH when it parses, in the request's version,
 * so the sender can correlate it; otherwise a v2.5 ACK with an empty MSA-2.
 */
public class Naks {

    private final HapiContext hapi;
    private final String sendingApplication;
    private final String sendingFacility;

    public Naks(HapiContext hapi, String sendingApplication, String sendingFacility) {
        this.hapi = hapi;
        this.sendingApplication = sendingApplication;
        this.sendingFacility = sendingFacility;
    }

    public static HL7Exception error(String text, ErrorCode code, String segment, int field, int component) {
        var e = new HL7Exception(text, code);
        var location = new Location().withSegmentName(segment).withSegmentRepetition(1);
        if (field > 0) {
            location = location.withField(field).withFieldRepetition(1);
        }
        if (component > 0) {
            location = location.withComponent(component);
        }
        e.setLocation(location);
        return e;
    }

    /** An encoded NAK answering {@code request} (which may be garbage). */
    public String nak(String request, AcknowledgmentCode code, HL7Exception error) {
        var mshOnly = mshSegment(request);
        // with unusable delimiters HAPI may still parse the header, and the answer would repeat them
        if (mshOnly != null && FrameChecks.delimiterProblem(mshOnly) == null) {
            try {
                var parsed = hapi.getGenericParser().parse(mshOnly);
                var ack = parsed.generateACK(code, error);
                var msh18 = Hl7Charsets.msh18(request);
                if (msh18 != null) {
                    Terser.set((Segment) ack.get("MSH"), 18, 0, 1, 1, msh18);
                }
                return ack.encode();
            } catch (Exception ignored) {
                // fall through to a default NAK
            }
        }
        try {
            var ack = new ACK();
            ack.setParser(hapi.getPipeParser());
            ack.initQuickstart("ACK", null, "P");
            ack.getMSH().getSendingApplication().getNamespaceID().setValue(sendingApplication);
            ack.getMSH().getSendingFacility().getNamespaceID().setValue(sendingFacility);
            ack.getMSA().getAcknowledgmentCode().setValue(code.name());
            // HAPI could not read the header, but the sender still needs MSA-2 to correlate the NAK
            var controlId = request == null || request.length() < 8 || !request.startsWith("MSH") ? null
                    : Hl7Fields.field(request, "MSH", 10);
            if (controlId != null) {
                ack.getMSA().getMessageControlID().setValue(controlId.length() > 199 ? controlId.substring(0, 199)
                        : controlId);
            }
            // the exception keeps the first response it populated (a generateACK above that failed later);
            // without this reset it fills nothing in here and the NAK would go out without ERR
            error.setResponseMessage(null);
            error.populateResponse(ack, code, 0);
            return ack.encode();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build a NAK", e);
        }
    }

    private static String mshSegment(String request) {
        if (request == null || !request.startsWith("MSH") || request.length() < 8) {
            return null;
        }
        int end = request.indexOf('\r');
        return end < 0 ? request : request.substring(0, end);
    }
}
