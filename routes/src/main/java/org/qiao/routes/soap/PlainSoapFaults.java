package org.qiao.routes.soap;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.soap.MAPCodec;

import java.util.regex.Pattern;

/**
 * Faults say what was wrong with the request, not how the engine is built: reason texts that name Java classes,
 * exceptions or method signatures are replaced by a plain sentence, and the fault's wsa:Action (which CXF
 * derives from the exception's class name) becomes the standard WS-Addressing fault action.
 */
public class PlainSoapFaults extends AbstractSoapInterceptor {

    static final String FAULT_ACTION = "http://www.w3.org/2005/08/addressing/soap/fault";
    /** Fully qualified class names, exception/error class names, stack frames, method signatures. */
    private static final Pattern TECHNICAL = Pattern.compile(
            "(\\b[a-z][a-z0-9_]*\\.){2,}[A-Za-z_$][\\w$]*|\\b\\w*(Exception|Error)\\b|\\bat [\\w$.]+\\(|\\bwith params\\b|PortType");

    public PlainSoapFaults() {
        super(Phase.PRE_PROTOCOL);
        addBefore(MAPCodec.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        var maps = ContextUtils.retrieveMAPs(message, false, true, false);
        if (maps != null && maps.getAction() != null) {
            maps.getAction().setValue(FAULT_ACTION);
        }
        if (message.getContent(Exception.class) instanceof Fault fault) {
            var text = fault.getMessage();
            if (text == null || text.isBlank() || TECHNICAL.matcher(text).find()) {
                fault.setMessage(plain(fault));
            }
        }
    }

    private static String plain(Fault fault) {
        var receiver = fault instanceof SoapFault soap
                ? soap.getFaultCode() != null && soap.getFaultCode().getLocalPart().contains("Receiver")
                : Fault.FAULT_CODE_SERVER.equals(fault.getFaultCode());
        var cause = fault.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof javax.xml.stream.XMLStreamException || fault.getCause() instanceof javax.xml.stream.XMLStreamException) {
            return "The request is not well-formed XML or uses XML features that are refused (DTDs, entities)";
        }
        if (cause instanceof jakarta.xml.bind.JAXBException || cause instanceof jakarta.xml.bind.UnmarshalException) {
            return "The request body does not match this transaction's schema";
        }
        return receiver ? "The request could not be processed" : "The request is not a valid message for this transaction";
    }
}
