package org.qiao.pix.v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import org.qiao.journal.Answer;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.InboundMessage;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;

/**
 * What the identity feeds (ITI-8, ITI-30) share: a message is applied, its ACK built inside the transaction and
 * journaled with the effect, and returned only after the commit; bad content is answered with AE and an ERR
 * segment locating the problem (ITI TF-2a; ERR-1 segment^sequence^field^code in v2.3.1, ERR-2/ERR-3 in v2.5),
 * and changes nothing.
 */
abstract class IdentityFeedHandler {

    protected final PixManager pix;
    protected final IdentityDomains domains;
    protected final IdempotentReceiver receiver;

    IdentityFeedHandler(PixManager pix, IdentityDomains domains, IdempotentReceiver receiver) {
        this.pix = pix;
        this.domains = domains;
        this.receiver = receiver;
    }

    public Answer handle(Message request, InboundMessage inbound) throws HL7Exception {
        try {
            return new Answer(apply(request, inbound), true);
        } catch (HL7Exception e) {
            return Answer.withoutEffect(PatientIdentityFeedHandler.nak(request, e));
        }
    }

    /** Applies the message once (journaled with its effect) and returns its ACK; throws what is answered AE. */
    protected abstract String apply(Message request, InboundMessage inbound) throws HL7Exception;
}
