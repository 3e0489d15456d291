package org.qiao.routes.mllp;

import ca.uhn.hl7v2.model.Message;
import org.apache.camel.Exchange;
import org.openehealth.ipf.platform.camel.ihe.core.InterceptorSupport;
import org.openehealth.ipf.platform.camel.ihe.hl7v2.intercept.consumer.ConsumerMarshalInterceptor;
import org.openehealth.ipf.platform.camel.ihe.hl7v2.intercept.consumer.ConsumerRequestAcceptanceInterceptor;

/**
 * Sends the answer a route wrote as HL7 text ({@link #answer}) as written, instead of IPF's encoding of it.
 * <p>
 * IPF parses a route's text answer into a HAPI message (its response check and its audit read that) and, at the
 * end, encodes that message again into the text it sends. The encoding gave nothing new, and it was a fifth of
 * the CPU of a PDQ query at 1 M residents (bench/PROFILE.md). This interceptor sits just inside IPF's
 * marshalling step: when the route left its text and nothing failed after it, it puts that text back as the body,
 * which IPF then sends unchanged. Any failure on the way out (a response IPF cannot parse or refuses) still goes
 * to IPF's own error answer.
 */
public class AnswerAsWrittenInterceptor extends InterceptorSupport {

    /** Exchange property: the answer text the route wrote. */
    public static final String ANSWER_TEXT = "qiao.answerText";

    public AnswerAsWrittenInterceptor() {
        addAfter(ConsumerMarshalInterceptor.class.getName());
        addBefore(ConsumerRequestAcceptanceInterceptor.class.getName());
    }

    /** Sets the route's answer: the body IPF reads, and the text to send as written. */
    public static void answer(Exchange exchange, String text) {
        exchange.getMessage().setBody(text);
        exchange.setProperty(ANSWER_TEXT, text);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        getWrappedProcessor().process(exchange);
        var text = exchange.getProperty(ANSWER_TEXT, String.class);
        if (text != null && exchange.getException() == null
                && exchange.getMessage().getBody() instanceof Message) {
            exchange.getMessage().setBody(text);
        }
    }
}
