package org.qiao.routes.pdq;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.builder.RouteBuilder;
import org.qiao.routes.config.QiaoProperties;
import org.qiao.routes.mllp.MllpConfig;
import org.qiao.pdq.v2.PatientDemographicsQueryHandler;
import org.springframework.stereotype.Component;

import static org.qiao.routes.mllp.AnswerAsWrittenInterceptor.answer;
import static org.qiao.routes.mllp.MllpJournalInterceptor.TRANSACTION;

/**
 * Patient Demographics Supplier doors on the shared MLLP port: ITI-21 (QBP^Q22) and ITI-22 (QBP^ZV1), with
 * QCN^J01 to cancel a continued answer, → {@link PatientDemographicsQueryHandler}. Both IPF components
 * accept QCN^J01; the dispatcher hands it to the first, and one handler and one continuation store serve both. The dispatcher of {@code PixManagerRoutes}
 * finds this route by its endpoint's dispatcher reference. No Gazelle profile check: the handler checks what
 * ITI TF-2a requires and answers each problem with an ERR that locates it (the profile check would answer
 * some of them with a generic error instead).
 */
@Component
public class PdqSupplierRoutes extends RouteBuilder {

    private final QiaoProperties properties;
    private final PatientDemographicsQueryHandler handler;

    public PdqSupplierRoutes(QiaoProperties properties, PatientDemographicsQueryHandler handler) {
        this.properties = properties;
        this.handler = handler;
    }

    @Override
    public void configure() {
        var base = properties.getMllp().getInternalPortBase();
        // IPF's transaction endpoints listen on loopback only; the public port is the dispatcher's
        from(MllpConfig.internalEndpoint("pdq-iti21", base, 3))
                .routeId("iti21")
                .setProperty(TRANSACTION, constant("ITI-21"))
                .process(exchange -> answer(exchange, handler.handle(exchange.getIn().getBody(Message.class))));

        from(MllpConfig.internalEndpoint("pdq-iti22", base, 4))
                .routeId("iti22")
                .setProperty(TRANSACTION, constant("ITI-22"))
                .process(exchange -> answer(exchange, handler.handle(exchange.getIn().getBody(Message.class))));
    }
}
