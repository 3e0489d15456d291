package org.qiao.pix;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import org.qiao.journal.InboundMessage;
import org.qiao.pix.v2.PatientAdministrationHandler;
import org.qiao.pix.v2.PatientIdentityFeedHandler;
import org.springframework.stereotype.Component;

/**
 * ITI-30 door on the shared MLLP port. IPF's dispatcher tells transactions apart by message type and event
 * only, and ADT^A40 is ITI-8 in v2.3.1 but ITI-30 in v2.5, so the MLLP interceptor hands v2.5 ADT messages
 * (see MllpConfig.ACCEPTED) to this door instead of dispatching them.
 */
@Component
public class PatientAdministrationDoor {

    private final HapiContext hapi;
    private final PatientAdministrationHandler handler;

    public PatientAdministrationDoor(HapiContext hapi, PatientAdministrationHandler handler) {
        this.hapi = hapi;
        this.handler = handler;
    }

    public PatientIdentityFeedHandler.Response accept(String text, InboundMessage inbound) throws HL7Exception {
        return handler.handle(hapi.getPipeParser().parse(text), inbound);
    }
}
