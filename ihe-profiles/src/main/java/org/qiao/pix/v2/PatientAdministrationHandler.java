package org.qiao.pix.v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.InboundMessage;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.Identifier;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;

import java.util.function.Supplier;

/**
 * ITI-30 Patient Administration Management, identity feed option (HL7 v2.5, ITI TF-2b 3.30), into the same
 * patient index as ITI-8:
 * <ul>
 *   <li>A28 create / A31 update: register or update what the source sent (as ITI-8 A01/A08);</li>
 *   <li>A40 merge: MRG-1 is merged into PID-3 (same domain);</li>
 *   <li>A47 change identifier: MRG-1 is renamed to PID-3 (same domain), cross-references stay;</li>
 *   <li>A24 link / A37 unlink: the identifiers of the two PID segments are linked or unlinked.</li>
 * </ul>
 * The ACK is built inside the transaction, journaled with the effect, and returned only after the commit;
 * bad content gets AE with an ERR segment and changes nothing.
 */
public class PatientAdministrationHandler extends IdentityFeedHandler {

    public PatientAdministrationHandler(PixManager pix, IdentityDomains domains, IdempotentReceiver receiver) {
        super(pix, domains, receiver);
    }

    @Override
    protected String apply(Message request, InboundMessage inbound) throws HL7Exception {
        var msh = (Segment) request.get("MSH");
        var event = V2.get(msh, 9, 2);
        var source = domains.forSource(V2.nullToEmpty(V2.get(msh, 3, 1)), V2.nullToEmpty(V2.get(msh, 4, 1)))
                .orElse(null);
        var cause = "ITI-30 " + event + " " + V2.nullToEmpty(inbound.sendingApplication()) + "|"
                + V2.nullToEmpty(inbound.sendingFacility()) + "|" + V2.nullToEmpty(inbound.controlId());
        var pid = V2.segment(request, "PID");
        if (pid == null) {
            throw V2.error("PID segment missing", ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0, 1, 0);
        }
        switch (event == null ? "" : event) {
            case "A28", "A31" -> {
                var feed = feed(request, pid, source);
                return commit(request, inbound, () -> pix.feed(feed));
            }
            case "A40" -> {
                var feed = feed(request, pid, source);
                var retired = retired(request, source, feed.identifiers().get(0));
                if (feed.identifiers().contains(retired)) {
                    throw V2.error("A patient cannot be merged into itself: " + retired,
                            ErrorCode.DUPLICATE_KEY_IDENTIFIER, "MRG", 1, 1, 1);
                }
                return commit(request, inbound, () -> pix.merge(feed, retired, cause));
            }
            case "A47" -> {
                var renamed = V2.identifiers(pid, 3, domains, "PID", source).get(0);
                var old = retired(request, source, renamed);
                return commit(request, inbound, () -> pix.changeIdentifier(old, renamed, cause));
            }
            case "A24", "A37" -> {
                var a = V2.identifiers(pid, 3, domains, "PID", source).get(0);
                var second = secondPid(request);
                if (second == null || V2.get(second, 3, 1) == null) {
                    throw V2.error("The second PID segment (the patient to " + ("A24".equals(event) ? "link" : "unlink")
                            + ") is missing", ErrorCode.REQUIRED_FIELD_MISSING, "PID", 3, 1, 1);
                }
                var b = V2.identifiers(second, 3, domains, "PID", source).get(0);
                return "A24".equals(event)
                        ? commit(request, inbound, () -> pix.link(a, b, cause))
                        : commit(request, inbound, () -> pix.unlink(a, b, cause));
            }
            default -> throw V2.error("Unsupported trigger event " + event, ErrorCode.UNSUPPORTED_EVENT_CODE,
                    "MSH", 9, 1, 2);
        }
    }

    /** Applies the effect and builds the ACK in one journaled transaction; store refusals become AE. */
    private String commit(Message request, InboundMessage inbound, Supplier<?> effect) throws HL7Exception {
        try {
            return receiver.receive(inbound, () -> {
                effect.get();
                return PatientIdentityFeedHandler.ack(request);
            }).response();
        } catch (UnknownIdentifierException e) {
            throw V2.error(e.getMessage(), ErrorCode.UNKNOWN_KEY_IDENTIFIER, "PID", 3, 1, 1);
        } catch (IllegalArgumentException e) {
            throw V2.error(e.getMessage(), ErrorCode.DUPLICATE_KEY_IDENTIFIER, "PID", 3, 1, 1);
        }
    }

    private PatientFeed feed(Message request, Segment pid, IdentityDomain source) throws HL7Exception {
        var feed = new PatientFeed(V2.identifiers(pid, 3, domains, "PID", source),
                PatientIdentityFeedHandler.demographics(pid, V2.segment(request, "PV1")), domains);
        if (V2.get(pid, 5, 1) == null) {
            throw V2.error("Patient name (PID-5) missing", ErrorCode.REQUIRED_FIELD_MISSING, "PID", 5, 1, 1);
        }
        return feed;
    }

    /** MRG-1: the prior identifier, which must be in the same domain as PID-3 (ITI TF-2b 3.30.4.1). */
    private Identifier retired(Message request, IdentityDomain source, Identifier current) throws HL7Exception {
        var mrg = V2.segment(request, "MRG");
        if (mrg == null || V2.get(mrg, 1, 1) == null) {
            throw V2.error("Prior patient identifier (MRG-1) missing", ErrorCode.REQUIRED_FIELD_MISSING, "MRG", 1, 1, 1);
        }
        var prior = V2.identifiers(mrg, 1, domains, "MRG", source).get(0);
        if (!prior.domain().equals(current.domain())) {
            throw V2.error("MRG-1 and PID-3 must be in the same assigning authority",
                    ErrorCode.UNKNOWN_KEY_IDENTIFIER, "MRG", 1, 1, 4);
        }
        return prior;
    }

    /** The second PID of ADT_A24 / ADT_A37 (HAPI names it PID2). */
    private static Segment secondPid(Message request) {
        try {
            var second = (Segment) request.get("PID2");
            return second.isEmpty() ? null : second;
        } catch (HL7Exception e) {
            return null;
        }
    }
}
