package org.qiao.routes.pdq;

import org.qiao.journal.Answer;
import org.qiao.pdq.v2.PatientDemographicsQueryHandler;
import org.qiao.routes.mllp.MllpTransaction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

/**
 * The Patient Demographics Supplier's transactions on the shared MLLP port: ITI-21 (QBP^Q22) and ITI-22
 * (QBP^ZV1), with QCN^J01 to cancel a continued answer of either (HL7 v2.5 5.6.3), all →
 * {@link PatientDemographicsQueryHandler}: one handler and one continuation store serve both. No Gazelle profile
 * check: the handler checks what ITI TF-2a 3.21 requires and answers each problem with an ERR that locates it
 * (the profile check would answer some of them with a generic error instead).
 */
@Configuration
public class PdqMllpTransactions {

    @Bean
    MllpTransaction iti21(PatientDemographicsQueryHandler handler) {
        return MllpTransaction.behindIpf("ITI-21", "pdq-iti21", List.of("2.5"), Set.of("QBP^Q22", "QCN^J01"),
                request -> Answer.withoutEffect(handler.handle(request.message())));
    }

    @Bean
    MllpTransaction iti22(PatientDemographicsQueryHandler handler) {
        return MllpTransaction.behindIpf("ITI-22", "pdq-iti22", List.of("2.5"), Set.of("QBP^ZV1"),
                request -> Answer.withoutEffect(handler.handle(request.message())));
    }
}
