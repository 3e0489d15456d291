package org.qiao.routes.mllp;

import ca.uhn.hl7v2.HapiContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.openehealth.ipf.platform.camel.ihe.core.InterceptorFactory;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.journal.InboundMessage;
import org.qiao.journal.MessageJournal;
import org.qiao.routes.pix.PatientAdministrationDoor;
import org.qiao.translation.InboundResults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The shared MLLP port: framing, character sets and the journal around every message. */
@Configuration
public class MllpConfig {

    /** Transaction name of the results door (ORU^R01 → CDA), answered by {@link InboundResults}. */
    public static final String RESULTS = "ORU-R01";
    /** Transaction name of the clinical notes door (MDM^T02 → CDA), answered by {@link InboundResults} too. */
    public static final String NOTES = "MDM-T02";
    /** Transaction name of the discharges door (ADT^A03 → CDA discharge summary), answered by {@link InboundResults}. */
    public static final String DISCHARGES = "ADT-A03";

    /** Transaction name of ITI-30 (v2.5 ADT), answered by {@link PatientAdministrationDoor}, not dispatched. */
    public static final String PAM = "ITI-30";

    /**
     * The URI of an IPF MLLP transaction endpoint behind the dispatcher, on loopback. {@code copyOriginalMessage=false}:
     * IPF otherwise keeps a copy of each request (encoded and parsed again) in case the route changes it; ours only
     * read requests, and that copy was a seventh of what a PDQ query allocated (bench/PROFILE.md, round 5). Routes
     * answer with {@link AnswerAsWrittenInterceptor#answer}, and their text goes out as written.
     */
    public static String internalEndpoint(String component, int portBase, int offset) {
        return component + "://127.0.0.1:" + (portBase == 0 ? 0 : portBase + offset)
                + "?dispatcher=#mllpDispatcher&copyOriginalMessage=false&interceptorFactories=#answerAsWritten";
    }

    /**
     * What the MLLP port accepts: message type → trigger event → {HL7 versions, transaction} pairs (more than
     * one pair when the version tells the transaction: ADT^A40 is ITI-8 in v2.3.1, ITI-30 in v2.5).
     * Everything else is refused with AR before dispatch.
     */
    public static final Map<String, Map<String, String[]>> ACCEPTED = Map.of(
            "ADT", Map.ofEntries(
                    Map.entry("A01", new String[] {"2.3.1", "ITI-8"}),
                    Map.entry("A04", new String[] {"2.3.1", "ITI-8"}),
                    Map.entry("A05", new String[] {"2.3.1", "ITI-8"}),
                    Map.entry("A08", new String[] {"2.3.1", "ITI-8"}),
                    // not ITI-8: a discharge from a channel that translates discharges (ADT^A03 → CDA)
                    Map.entry("A03", new String[] {"2.3.1 2.4 2.5 2.5.1", DISCHARGES}),
                    Map.entry("A40", new String[] {"2.3.1", "ITI-8", "2.5", PAM}),
                    // ITI-30 identity feed: create, update, change identifier, link, unlink
                    Map.entry("A28", new String[] {"2.5", PAM}),
                    Map.entry("A31", new String[] {"2.5", PAM}),
                    Map.entry("A47", new String[] {"2.5", PAM}),
                    Map.entry("A24", new String[] {"2.5", PAM}),
                    Map.entry("A37", new String[] {"2.5", PAM})),
            "QBP", Map.of(
                    "Q23", new String[] {"2.5", "ITI-9"},
                    "Q22", new String[] {"2.5", "ITI-21"},
                    "ZV1", new String[] {"2.5", "ITI-22"}),
            // cancel of a continued ITI-21 or ITI-22 answer
            "QCN", Map.of("J01", new String[] {"2.5", "ITI-21"}),
            "ORU", Map.of("R01", new String[] {"2.3.1 2.4 2.5 2.5.1", RESULTS}),
            "MDM", Map.of("T02", new String[] {"2.3.1 2.4 2.5 2.5.1", NOTES}));

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
    InterceptorFactory mllpJournal(MessageJournal journal, Naks naks, MeterRegistry meters, InboundResults results,
                                   PatientAdministrationDoor pam) {
        return () -> new MllpJournalInterceptor(journal, naks, meters, ACCEPTED, results, pam);
    }
}
