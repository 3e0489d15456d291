package org.qiao.routes.pix;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.builder.RouteBuilder;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.routes.mllp.MllpConfig;
import org.qiao.journal.InboundMessage;
import org.qiao.pix.v2.PatientIdentityFeedHandler;
import org.qiao.pix.v2.PixQueryHandler;
import org.qiao.routes.security.tls.MllpTlsConfig;
import org.qiao.routes.security.tls.TlsProperties;
import org.springframework.stereotype.Component;

import static org.openehealth.ipf.platform.camel.ihe.mllp.PixPdqCamelValidators.iti9RequestValidator;
import static org.qiao.routes.mllp.AnswerAsWrittenInterceptor.answer;
import static org.qiao.routes.mllp.MllpJournalInterceptor.INBOUND;
import static org.qiao.routes.mllp.MllpJournalInterceptor.JOURNALED;
import static org.qiao.routes.mllp.MllpJournalInterceptor.TRANSACTION;

/**
 * PIX Manager doors on the shared MLLP port. IPF's dispatcher hands each frame to the transaction route
 * whose message type and version match; each route validates the request and calls its handler.
 * <ul>
 *   <li>ITI-8 Patient Identity Feed → {@link PatientIdentityFeedHandler}</li>
 *   <li>ITI-9 PIX Query → {@link PixQueryHandler}</li>
 * </ul>
 * ITI-10 notifications leave through the outbox ({@link PixUpdateSender}).
 */
@Component
public class PixManagerRoutes extends RouteBuilder {

    private final QiaoProperties properties;
    private final TlsProperties tlsProperties;
    private final PatientIdentityFeedHandler feedHandler;
    private final PixQueryHandler queryHandler;

    public PixManagerRoutes(QiaoProperties properties, TlsProperties tlsProperties,
                            PatientIdentityFeedHandler feedHandler, PixQueryHandler queryHandler) {
        this.properties = properties;
        this.tlsProperties = tlsProperties;
        this.feedHandler = feedHandler;
        this.queryHandler = queryHandler;
    }

    @Override
    public void configure() {
        var mllp = properties.getMllp();
        from("mllp-dispatch://" + mllp.getHost() + ":" + mllp.getPort()
                + "?dispatcher=#mllpDispatcher&interceptorFactories=#mllpJournal" + tls())
                .routeId("mllp-port")
                .log("unreachable: the dispatcher answers every frame");

        from(internal("pix-iti8", 1))
                .routeId("iti8")
                .setProperty(TRANSACTION, constant("ITI-8"))
                // no Gazelle profile check here: it demands fields (e.g. PID-5 name type) that hospital systems
                // rarely send and ITI-8 does not require; the handler checks what ITI TF-2a requires
                .process(exchange -> {
                    var inbound = exchange.getProperty(INBOUND, InboundMessage.class).withTransaction("ITI-8");
                    var response = feedHandler.handle(exchange.getIn().getBody(Message.class), inbound);
                    if (response.journaled()) {
                        exchange.setProperty(JOURNALED, true);
                    }
                    answer(exchange, response.ack());
                });

        from(internal("pix-iti9", 2))
                .routeId("iti9")
                .setProperty(TRANSACTION, constant("ITI-9"))
                .process(iti9RequestValidator())
                .process(exchange -> answer(exchange, queryHandler.handle(exchange.getIn().getBody(Message.class))));
    }

    /** MLLP over TLS on the public port (qiao.tls.mllp); client authentication is in the SSL parameters. */
    private String tls() {
        return tlsProperties.getMllp().isEnabled() ? "&secure=true&sslContextParameters=#" + MllpTlsConfig.BEAN : "";
    }

    /** IPF's transaction endpoints listen on loopback only; the public port is the dispatcher's. */
    private String internal(String component, int offset) {
        return MllpConfig.internalEndpoint(component, properties.getMllp().getInternalPortBase(), offset);
    }
}
