package org.qiao.routes.mllp;

import ca.uhn.hl7v2.HapiContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.openehealth.ipf.platform.camel.ihe.core.InterceptorFactory;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.journal.InboundMessage;
import org.qiao.journal.MessageJournal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The shared MLLP port: framing, character sets and the journal around every message. */
@Configuration
public class MllpConfig {

    /** The dispatch table, from the transactions each feature contributes ({@link MllpTransaction} beans). */
    @Bean
    MllpTransactions mllpTransactions(List<MllpTransaction> transactions) {
        return new MllpTransactions(transactions);
    }

    /** Bean name hl7decoder: IPF's MLLP endpoints pick it up as their default decoder. */
    @Bean(name = "hl7decoder")
    MllpFrameDecoderFactory hl7decoder(QiaoProperties properties, MessageJournal journal) {
        FramingErrorListener listener = (remote, data, reason) -> journal.record(
                new InboundMessage("MLLP", null, null, null, null, null, "UTF-8",
                        "[from " + remote + "] " + new String(data, StandardCharsets.UTF_8)),
                "CLOSED", reason, null, false);
        var mllp = properties.getMllp();
        return new MllpFrameDecoderFactory(mllp.getMaxFrameBytes(), listener, mllp.getFrameTimeout(), mllp.getMaxConnections());
    }

    /** Bean name hl7encoder: IPF's MLLP endpoints pick it up as their default encoder. */
    @Bean(name = "hl7encoder")
    MllpFrameEncoderFactory hl7encoder() {
        return new MllpFrameEncoderFactory();
    }

    @Bean
    Naks naks(HapiContext hapi, QiaoProperties properties) {
        return new Naks(hapi, properties.getMllp().getSendingApplication(), properties.getMllp().getSendingFacility());
    }

    @Bean
    InterceptorFactory answerAsWritten() {
        return AnswerAsWrittenInterceptor::new;
    }

    @Bean
    InterceptorFactory mllpJournal(MessageJournal journal, Naks naks, MeterRegistry meters,
                                   MllpTransactions transactions) {
        return () -> new MllpJournalInterceptor(journal, naks, meters, transactions);
    }
}
