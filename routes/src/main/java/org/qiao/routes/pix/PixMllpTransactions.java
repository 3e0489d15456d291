package org.qiao.routes.pix;

import org.qiao.journal.Answer;
import org.qiao.pix.v2.PatientIdentityFeedHandler;
import org.qiao.pix.v2.PixQueryHandler;
import org.qiao.routes.mllp.MllpTransaction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

import static org.openehealth.ipf.platform.camel.ihe.mllp.PixPdqCamelValidators.iti9RequestValidator;

/**
 * The PIX Manager's transactions on the shared MLLP port (ITI TF-2a 3.8, 3.9; ITI TF-2b 3.30). ITI-10
 * notifications leave through the outbox ({@link PixUpdateSender}).
 */
@Configuration
public class PixMllpTransactions {

    /**
     * ITI-8 Patient Identity Feed → {@link PatientIdentityFeedHandler}. No Gazelle profile check: it demands
     * fields (e.g. PID-5 name type) that hospital systems rarely send and ITI-8 does not require; the handler
     * checks what ITI TF-2a requires.
     */
    @Bean
    MllpTransaction iti8(PatientIdentityFeedHandler feed) {
        return MllpTransaction.behindIpf("ITI-8", "pix-iti8", List.of("2.3.1"),
                Set.of("ADT^A01", "ADT^A04", "ADT^A05", "ADT^A08", "ADT^A40"),
                request -> feed.handle(request.message(), request.inbound()));
    }

    /** ITI-9 PIX Query → {@link PixQueryHandler}, after IPF's ITI-9 request check. */
    @Bean
    MllpTransaction iti9(PixQueryHandler query) {
        return MllpTransaction.behindIpf("ITI-9", "pix-iti9", List.of("2.5"), Set.of("QBP^Q23"),
                request -> Answer.withoutEffect(query.handle(request.message()))).checkedBy(iti9RequestValidator());
    }

    /**
     * ITI-30 identity feed (v2.5: create, update, merge, change identifier, link, unlink) →
     * {@link PatientAdministrationDoor}. ADT^A40 is ITI-8 in v2.3.1 and ITI-30 in v2.5: the table tells them apart
     * by version.
     */
    @Bean
    MllpTransaction iti30(PatientAdministrationDoor door) {
        return MllpTransaction.door("ITI-30", List.of("2.5"),
                Set.of("ADT^A28", "ADT^A31", "ADT^A40", "ADT^A47", "ADT^A24", "ADT^A37"), door);
    }
}
