package org.qiao.routes.mllp;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.builder.RouteBuilder;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.routes.security.tls.MllpTlsConfig;
import org.qiao.routes.security.tls.TlsProperties;
import org.springframework.stereotype.Component;

/**
 * The shared MLLP port and, behind IPF's dispatcher, one route per transaction answered behind an IPF component
 * (validate the request with IPF's check where the descriptor names one, call the handler; IPF checks and audits
 * the answer). The journal interceptor on the port ({@link MllpJournalInterceptor}) wraps them all.
 */
@Component
public class MllpRoutes extends RouteBuilder {

    /** The public port: IPF's dispatcher, wrapped by the journal interceptor; MLLP over TLS with qiao.tls.mllp. */
    private final String port;
    private final int internalPortBase;
    private final MllpTransactions transactions;

    public MllpRoutes(QiaoProperties properties, TlsProperties tls, MllpTransactions transactions) {
        var mllp = properties.getMllp();
        // client authentication is in the SSL parameters
        this.port = "mllp-dispatch://" + mllp.getHost() + ":" + mllp.getPort()
                + "?dispatcher=#mllpDispatcher&interceptorFactories=#mllpJournal"
                + (tls.getMllp().isEnabled() ? "&secure=true&sslContextParameters=#" + MllpTlsConfig.BEAN : "");
        this.internalPortBase = mllp.getInternalPortBase();
        this.transactions = transactions;
    }

    @Override
    public void configure() {
        from(port).routeId("mllp-port").log("unreachable: the dispatcher answers every frame");
        int offset = 1;
        for (var transaction : transactions.behindIpf()) {
            var route = from(internalEndpoint(transaction.ipfComponent(), internalPortBase, offset++))
                    .routeId(transaction.name().toLowerCase().replace("-", ""))
                    .process(exchange -> MllpFrame.of(exchange).handedTo(transaction));
            if (transaction.requestCheck() != null) {
                route = route.process(transaction.requestCheck());
            }
            route.process(exchange -> {
                var answer = MllpFrame.of(exchange).answer(exchange.getIn().getBody(Message.class));
                AnswerAsWrittenInterceptor.answer(exchange, answer.ack());
            });
        }
    }

    /**
     * The URI of an IPF transaction endpoint behind the dispatcher: on loopback only (the public port is the
     * dispatcher's), on a port of its own from {@code qiao.mllp.internal-port-base} (0: any free port).
     * {@code copyOriginalMessage=false}: IPF otherwise keeps a copy of each request (encoded and parsed again) in
     * case the route changes it; ours only read requests (bench/PROFILE.md). Answers go out as written
     * ({@link AnswerAsWrittenInterceptor}).
     */
    private static String internalEndpoint(String component, int portBase, int offset) {
        return component + "://127.0.0.1:" + (portBase == 0 ? 0 : portBase + offset)
                + "?dispatcher=#mllpDispatcher&copyOriginalMessage=false&interceptorFactories=#answerAsWritten";
    }
}
