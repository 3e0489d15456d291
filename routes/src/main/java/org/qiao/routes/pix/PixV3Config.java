package org.qiao.routes.pix;

import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.MessageJournal;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.pix.v3.PatientIdentityFeedV3Handler;
import org.qiao.pix.v3.PixQueryV3Handler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PIX Manager's HL7 v3 handlers, on the same PIX Manager, journal and identity domains as HL7 v2. */
@Configuration
public class PixV3Config {

    @Bean
    PixQueryV3Handler pixQueryV3Handler(PixManager pix, IdentityDomains domains) {
        return new PixQueryV3Handler(pix, domains);
    }

    @Bean
    PatientIdentityFeedV3Handler patientIdentityFeedV3Handler(PixManager pix, IdentityDomains domains,
                                                              IdempotentReceiver receiver, MessageJournal journal) {
        return new PatientIdentityFeedV3Handler(pix, domains, receiver, journal);
    }
}
