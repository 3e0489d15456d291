package org.qiao.routes.pix;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import org.qiao.routes.audit.AuditEvents;
import org.qiao.journal.Answer;
import org.qiao.pix.v2.PatientAdministrationHandler;
import org.qiao.routes.mllp.MllpTransaction;
import org.springframework.stereotype.Component;

/**
 * ITI-30 door on the shared MLLP port. ADT^A40 is ITI-8 in v2.3.1 but ITI-30 in v2.5; the MLLP dispatch table
 * tells them apart by version ({@link PixMllpTransactions}) and hands the v2.5 ADT identity events to this door,
 * and the ACK is built and journaled with the effect like ITI-8's. (IPF's pam-iti30 endpoint behind the dispatcher would be the alternative;
 * its dispatcher does compare MSH-12, but pam-iti30 brings its own PAM message model and checks.)
 * Not being an IPF endpoint, the door audits each message itself, after the answer is decided.
 */
@Component
public class PatientAdministrationDoor implements MllpTransaction.Handler {

    private final HapiContext hapi;
    private final PatientAdministrationHandler handler;
    private final AuditEvents audit;

    public PatientAdministrationDoor(HapiContext hapi, PatientAdministrationHandler handler, AuditEvents audit) {
        this.hapi = hapi;
        this.handler = handler;
        this.audit = audit;
    }

    @Override
    public Answer answer(MllpTransaction.Request request) throws HL7Exception {
        var message = hapi.getPipeParser().parse(request.text());
        try {
            var response = handler.handle(message, request.inbound());
            audit.patientAdministration(message, request.remoteAddress(), accepted(response.ack()));
            return response;
        } catch (HL7Exception | RuntimeException e) {
            audit.patientAdministration(message, request.remoteAddress(), false);
            throw e;
        }
    }

    private static boolean accepted(String ack) {
        char sep = ack.charAt(3);
        return ack.contains("\rMSA" + sep + "AA" + sep) || ack.contains("\rMSA" + sep + "CA" + sep);
    }
}
