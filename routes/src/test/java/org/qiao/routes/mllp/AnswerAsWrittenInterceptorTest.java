package org.qiao.routes.mllp;

import ca.uhn.hl7v2.DefaultHapiContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What goes back to IPF's marshalling step: the route's own text when the route wrote one and IPF's inner steps
 * (parse, response check, audit) passed; otherwise whatever IPF made of it, errors included.
 */
class AnswerAsWrittenInterceptorTest {

    private static final String ACK = "MSH|^~\\&|QIAO|REGION|HIS_A|HOSP_A|20261127||ACK^A01^ACK|Q1|P|2.5\r"
            + "MSA|AA|C1\r";

    private final DefaultHapiContext hapi = new DefaultHapiContext();

    /** The inner steps as IPF runs them: the route answers, then IPF parses the text into a HAPI message. */
    private Processor routeThenParse(String answer) {
        return exchange -> {
            AnswerAsWrittenInterceptor.answer(exchange, answer);
            exchange.getMessage().setBody(hapi.getPipeParser().parse(exchange.getMessage().getBody(String.class)));
        };
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void theRoutesTextGoesOutAsWritten() throws Exception {
        var interceptor = new AnswerAsWrittenInterceptor();
        interceptor.setWrappedProcessor(routeThenParse(ACK));
        var exchange = exchange();

        interceptor.process(exchange);

        assertThat(exchange.getMessage().getBody()).isSameAs(ACK);
    }

    @Test
    void withoutTheRoutesTextIpfsMessageStays() throws Exception {
        var interceptor = new AnswerAsWrittenInterceptor();
        var parsed = hapi.getPipeParser().parse(ACK);
        interceptor.setWrappedProcessor(exchange -> exchange.getMessage().setBody(parsed));
        var exchange = exchange();

        interceptor.process(exchange);

        assertThat(exchange.getMessage().getBody()).isSameAs(parsed);
    }

    @Test
    void aFailureAfterTheRouteKeepsIpfsAnswer() throws Exception {
        var interceptor = new AnswerAsWrittenInterceptor();
        var failure = new IllegalStateException("response refused");
        interceptor.setWrappedProcessor(exchange -> {
            routeThenParse(ACK).process(exchange);
            exchange.setException(failure);
        });
        var exchange = exchange();

        interceptor.process(exchange);

        assertThat(exchange.getMessage().getBody()).isInstanceOf(ca.uhn.hl7v2.model.Message.class);
        assertThat(exchange.getException()).isSameAs(failure);
    }

    @Test
    void aThrownFailurePassesThroughUntouched() {
        var interceptor = new AnswerAsWrittenInterceptor();
        interceptor.setWrappedProcessor(exchange -> {
            AnswerAsWrittenInterceptor.answer(exchange, "not HL7");
            hapi.getPipeParser().parse("not HL7");
        });
        var exchange = exchange();

        assertThatThrownBy(() -> interceptor.process(exchange)).isInstanceOf(ca.uhn.hl7v2.HL7Exception.class);
        assertThat(exchange.getMessage().getBody()).isEqualTo("not HL7");
    }
}
