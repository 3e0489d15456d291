package org.qiao.pix.v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Small HL7 v2 helpers shared by the PIX and PDQ handlers: field access, CX lists, errors with locations. */
public final class V2 {

    private V2() {
    }

    /** The first segment of this name anywhere in the message, or null. */
    public static Segment segment(Message m, String name) throws HL7Exception {
        try {
            return new Terser(m).getSegment("/." + name);
        } catch (HL7Exception e) {
            return null;
        }
    }

    /** Field component text, or null when empty. */
    public static String get(Segment s, int field, int rep, int component, int sub) throws HL7Exception {
        if (s == null) {
            return null;
        }
        var v = Terser.get(s, field, rep, component, sub);
        return v == null || v.isEmpty() ? null : v;
    }

    public static String get(Segment s, int field, int component) throws HL7Exception {
        return get(s, field, 0, component, 1);
    }

    /** A whole field repetition as encoded text, or null when empty. */
    public static String encoded(Segment s, int field) throws HL7Exception {
        if (s == null || s.getField(field).length == 0) {
            return null;
        }
        var v = s.getField(field, 0).encode();
        return v.isEmpty() ? null : v;
    }

    /** An error the NAK factory turns into an ERR segment at SEG^1^field^rep^component. */
    public static HL7Exception error(String text, ErrorCode code, String segment, int field, int rep, int component) {
        var e = new HL7Exception(text, code);
        var location = new Location().withSegmentName(segment).withSegmentRepetition(1).withField(field)
                .withFieldRepetition(rep);
        if (component > 0) {
            location = location.withComponent(component);
        }
        e.setLocation(location);
        return e;
    }

    /**
     * Reads a repeating CX field into identifiers of configured domains.
     *
     * @throws HL7Exception 101 when no identifier is present, 204 for an unknown assigning authority
     */
    public static List<Identifier> identifiers(Segment s, int field, IdentityDomains domains, String segmentName,
                                        IdentityDomain sourceDomain) throws HL7Exception {
        var ids = new ArrayList<Identifier>();
        int reps = s == null ? 0 : s.getField(field).length;
        for (int rep = 0; rep < reps; rep++) {
            var value = get(s, field, rep, 1, 1);
            if (value == null) {
                continue;
            }
            var noAuthority = !hasAuthority(s, field, rep);
            if (value.length() > 200) {
                // the identifier column's size; longer is no identifier any hospital issues
                throw error("Identifier of " + value.length() + " characters; at most 200 are accepted",
                        ErrorCode.DATA_TYPE_ERROR, segmentName, field, rep + 1, 1);
            }
            var domain = noAuthority && sourceDomain != null ? sourceDomain
                    : domainOf(s, field, rep, domains, segmentName, 4);
            ids.add(new Identifier(value, domain.code()));
        }
        if (ids.isEmpty()) {
            throw error("Patient identifier missing", ErrorCode.REQUIRED_FIELD_MISSING, segmentName, field, 1, 1);
        }
        return ids;
    }

    /** Whether CX repetition {@code rep} (0-based) names an assigning authority at all (any HD subcomponent). */
    public static boolean hasAuthority(Segment s, int field, int rep) throws HL7Exception {
        return get(s, field, rep, 4, 1) != null || get(s, field, rep, 4, 2) != null || get(s, field, rep, 4, 3) != null;
    }

    /** Resolves the assigning authority in component 4 of a CX repetition (1-based rep for errors). */
    public static IdentityDomain domainOf(Segment s, int field, int rep, IdentityDomains domains, String segmentName,
                                   int errorComponent) throws HL7Exception {
        var found = domains.resolve(get(s, field, rep, 4, 1), get(s, field, rep, 4, 2), get(s, field, rep, 4, 3));
        if (found.isEmpty()) {
            var type = Terser.get(s, field, rep, 4, 3);
            throw error("Unknown assigning authority '" + nullToEmpty(Terser.get(s, field, rep, 4, 1)) + "&"
                            + nullToEmpty(Terser.get(s, field, rep, 4, 2)) + (type == null ? "" : "&" + type) + "'"
                            + (get(s, field, rep, 4, 2) != null && !"ISO".equals(type)
                            ? " (a universal id needs the universal id type ISO)" : ""),
                    ErrorCode.UNKNOWN_KEY_IDENTIFIER, segmentName, field, rep + 1, errorComponent);
        }
        return found.get();
    }

    /** Writes an identifier into CX repetition {@code rep} of a field: id^^^namespace&amp;oid&amp;ISO. */
    public static void setCx(Segment s, int field, int rep, Identifier id, IdentityDomains domains) throws HL7Exception {
        var d = domains.byCode(id.domain()).orElseThrow();
        Terser.set(s, field, rep, 1, 1, id.value());
        Terser.set(s, field, rep, 4, 1, d.namespace());
        Terser.set(s, field, rep, 4, 2, d.oid());
        Terser.set(s, field, rep, 4, 3, "ISO");
    }

    /** Response header from the request (swapped sender/receiver, MSA), keeping the request's MSH-18. */
    public static void fillResponseHeader(Message request, Message response, AcknowledgmentCode code)
            throws HL7Exception, IOException {
        ((ca.uhn.hl7v2.model.AbstractMessage) request).fillResponseHeader(response, code);
        var charset = get((Segment) request.get("MSH"), 18, 1);
        if (charset != null) {
            Terser.set((Segment) response.get("MSH"), 18, 0, 1, 1, charset);
        }
    }

    public static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** ERR-2 as SEG^1[^field^rep[^component]], ERR-3 the HL7 table 0357 code, ERR-8 our words (v2.5 ERR). */
    public static void fillErr(ca.uhn.hl7v2.model.v25.segment.ERR err, HL7Exception e) throws HL7Exception {
        var loc = e.getLocation();
        var erl = err.getErrorLocation(0);
        erl.getSegmentID().setValue(loc.getSegmentName());
        erl.getSegmentSequence().setValue("1");
        if (loc.getField() > 0) {
            erl.getFieldPosition().setValue(String.valueOf(loc.getField()));
            erl.getFieldRepetition().setValue(String.valueOf(loc.getFieldRepetition()));
            if (loc.getComponent() > 0) {
                erl.getComponentNumber().setValue(String.valueOf(loc.getComponent()));
            }
        }
        var code = e.getError();
        err.getHL7ErrorCode().getIdentifier().setValue(String.valueOf(code.getCode()));
        err.getHL7ErrorCode().getText().setValue(code.getMessage());
        err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
        err.getSeverity().setValue("E");
        err.getUserMessage().setValue(e.getMessageWithoutLocation());
    }

    /**
     * {@code encoded} with one more ERR segment per error in {@code more}, after its first ERR: HAPI's v2.5
     * query responses hold a single ERR, while ITI TF-2a wants one per error (e.g. per unknown domain).
     */
    public static String withMoreErrors(String encoded, List<HL7Exception> more, ca.uhn.hl7v2.parser.Parser parser)
            throws HL7Exception, IOException {
        if (more.isEmpty()) {
            return encoded;
        }
        var extra = new StringBuilder();
        for (var e : more) {
            var scratch = new ca.uhn.hl7v2.model.v25.message.ACK();
            scratch.setParser(parser);
            scratch.initQuickstart("ACK", null, "P");
            fillErr(scratch.getERR(), e);
            extra.append('\r').append(scratch.getERR().encode());
        }
        int err = encoded.indexOf("\rERR|");
        int end = encoded.indexOf('\r', err + 1);
        return encoded.substring(0, end) + extra + encoded.substring(end);
    }
}
