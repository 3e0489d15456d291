package org.qiao.routes.translation;

import org.qiao.routes.mllp.MllpTransaction;
import org.qiao.translation.InboundResults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

/**
 * Results, notes and discharges on the shared MLLP port: not IPF transactions; {@link InboundResults} journals
 * and queues them for translation into CDA ({@link TranslationWorker}), from the configured channels.
 */
@Configuration
public class ResultsMllpTransactions {

    private static final List<String> VERSIONS = List.of("2.3.1", "2.4", "2.5", "2.5.1");

    /** ORU^R01 lab and exam results → CDA reports. */
    @Bean
    MllpTransaction results(InboundResults results) {
        return MllpTransaction.door("ORU-R01", VERSIONS, Set.of("ORU^R01"), request -> results.accept(request.inbound()));
    }

    /** MDM^T02 clinical notes → CDA with the hospital's content. */
    @Bean
    MllpTransaction notes(InboundResults results) {
        return MllpTransaction.door("MDM-T02", VERSIONS, Set.of("MDM^T02"), request -> results.accept(request.inbound()));
    }

    /**
     * ADT^A03 discharges → CDA discharge summaries, from translation channels only: a PIX source that sends every
     * ADT event gets "unsupported trigger event" for its A03, as before discharges were translated.
     */
    @Bean
    MllpTransaction discharges(InboundResults results) {
        return MllpTransaction.door("ADT-A03", VERSIONS, Set.of("ADT^A03"), request -> results.accept(request.inbound()))
                .onlyFrom(results::hasChannel, "from a system without a translation channel");
    }
}
