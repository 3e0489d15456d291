package org.qiao.pix.v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.message.RSP_K23;
import ca.uhn.hl7v2.util.Terser;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * ITI-9 PIX Query (QBP^Q23 → RSP^K23, HL7 v2.5), answering the cases of ITI TF-2a 3.9.4.2.2.6:
 * <ol>
 *   <li>resolve the assigning authority of QPD-3 (an HD: a universal id only with type ISO, ITI TF-2a
 *       3.8.4.1.2.3); unknown → AE, ERR at QPD^1^3^1^4, code 204 (Case 3);</li>
 *   <li>resolve every domain asked for in QPD-4; each unknown one → AE, ERR at QPD^1^4^n, code 204;</li>
 *   <li>look the identifier up; unknown → AE, ERR at QPD^1^3^1^1, code 204;</li>
 *   <li>answer AA with the other cross-referenced identifiers (in the requested domains, if any) in one
 *       PID-3 (QAK-2 OK), several of one domain in successive repetitions (Case 6), or AA with no PID when
 *       there are none (QAK-2 NF).</li>
 * </ol>
 */
public class PixQueryHandler {

    private final PixManager pix;
    private final IdentityDomains domains;

    public PixQueryHandler(PixManager pix, IdentityDomains domains) {
        this.pix = pix;
        this.domains = domains;
    }

    /** Returns the encoded RSP^K23; errors of the query itself are answered, not thrown. */
    public String handle(Message request) throws HL7Exception, IOException {
        var qpd = V2.segment(request, "QPD");
        if (qpd == null || V2.get(qpd, 3, 1) == null) {
            return error(request, qpd, List.of(V2.error("Patient identifier (QPD-3) missing",
                    ErrorCode.REQUIRED_FIELD_MISSING, "QPD", 3, 1, 1)));
        }
        IdentityDomain domain;
        try {
            domain = V2.domainOf(qpd, 3, 0, domains, "QPD", 4);
        } catch (HL7Exception e) {
            return error(request, qpd, List.of(e));
        }
        var requested = new LinkedHashSet<String>();
        var unknownDomains = new ArrayList<HL7Exception>();
        int reps = qpd.getField(4).length;
        for (int rep = 0; rep < reps; rep++) {
            if (!V2.hasAuthority(qpd, 4, rep)) {
                continue;
            }
            try {
                requested.add(V2.domainOf(qpd, 4, rep, domains, "QPD", 0).code());
            } catch (HL7Exception e) {
                unknownDomains.add(e);
            }
        }
        if (!unknownDomains.isEmpty()) {
            return error(request, qpd, unknownDomains);
        }
        var queried = new Identifier(V2.get(qpd, 3, 1), domain.code());
        var xrefs = pix.crossReferences(queried);
        if (xrefs.isEmpty()) {
            return error(request, qpd, List.of(V2.error("Unknown patient identifier " + queried.value(),
                    ErrorCode.UNKNOWN_KEY_IDENTIFIER, "QPD", 3, 1, 1)));
        }
        var found = Identifier.groupedByDomain(xrefs.get().stream()
                .filter(id -> !id.equals(queried))
                .filter(id -> requested.isEmpty() || requested.contains(id.domain()))
                .toList());
        var rsp = response(request, qpd, AcknowledgmentCode.AA, found.isEmpty() ? "NF" : "OK");
        if (!found.isEmpty()) {
            var pid = rsp.getQUERY_RESPONSE().getPID();
            for (int i = 0; i < found.size(); i++) {
                V2.setCx(pid, 3, i, found.get(i), domains);
            }
            // PID-5 is required by HL7 but not used by PIX: ITI TF-2a 3.9.4.2.2.5 asks for an empty first
            // repetition and a second one holding only name type S (pseudonym): "~^^^^^^S".
            pid.getField(5, 0);
            pid.getField(5, 1);
            Terser.set(pid, 5, 1, 7, 1, "S");
        }
        return rsp.encode();
    }

    /** AE response with one ERR segment per error (one per unrecognised domain, ITI TF-2a case 5). */
    private String error(Message request, Segment qpd, List<HL7Exception> errors) throws HL7Exception, IOException {
        var rsp = response(request, qpd, AcknowledgmentCode.AE, "AE");
        V2.fillErr(rsp.getERR(), errors.get(0));
        return V2.withMoreErrors(rsp.encode(), errors.subList(1, errors.size()), request.getParser());
    }

    private static RSP_K23 response(Message request, Segment qpd, AcknowledgmentCode code, String qak2)
            throws HL7Exception, IOException {
        var rsp = new RSP_K23();
        rsp.setParser(request.getParser());
        rsp.initQuickstart("RSP", "K23", V2.get((Segment) request.get("MSH"), 11, 1) == null ? "P"
                : V2.get((Segment) request.get("MSH"), 11, 1));
        V2.fillResponseHeader(request, rsp, code);
        // fillResponseHeader writes ACK^<event> into MSH-9; this is a query response
        Terser.set(rsp.getMSH(), 9, 0, 1, 1, "RSP");
        Terser.set(rsp.getMSH(), 9, 0, 2, 1, "K23");
        Terser.set(rsp.getMSH(), 9, 0, 3, 1, "RSP_K23");
        if (qpd != null) {
            rsp.getQPD().parse(qpd.encode());
            var tag = V2.get(qpd, 2, 1);
            if (tag != null) {
                rsp.getQAK().getQueryTag().setValue(tag);
            }
        }
        rsp.getQAK().getQueryResponseStatus().setValue(qak2);
        return rsp;
    }
}
