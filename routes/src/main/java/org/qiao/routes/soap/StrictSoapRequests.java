package org.qiao.routes.soap;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.AttributedURIType;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.EndpointReferenceType;
import org.apache.cxf.ws.addressing.Names;
import org.apache.cxf.ws.addressing.soap.MAPCodec;

import javax.xml.namespace.QName;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every IHE SOAP request (XDS.b, PIX v3, PDQ v3) must be before any transaction sees it, checked once the
 * WS-Addressing headers are read:
 * <ol>
 *   <li>SOAP 1.2 (ITI TF-2x V.3.1): a SOAP 1.1 envelope gets a VersionMismatch fault.</li>
 *   <li>wsa:Action present and the one of this endpoint's transaction (wsa:ActionNotSupported otherwise), so
 *       a message meant for another transaction is not answered as if it were this one.</li>
 *   <li>Responses and faults only on the back channel: a ReplyTo or FaultTo other than anonymous would make
 *       the engine post answers to any address a client names, so it gets wsa:OnlyAnonymousAddressSupported
 *       (asynchronous XDS is not offered).</li>
 * </ol>
 */
public class StrictSoapRequests extends AbstractSoapInterceptor {

    /** Endpoint address (as published under /services) → the wsa:Action values of its transaction. */
    static final Map<String, Set<String>> ACTIONS = Map.of(
            "/xds-iti18", Set.of("urn:ihe:iti:2007:RegistryStoredQuery"),
            "/xds-iti42", Set.of("urn:ihe:iti:2007:RegisterDocumentSet-b"),
            "/xds-iti57", Set.of("urn:ihe:iti:2010:UpdateDocumentSet"),
            "/xds-iti62", Set.of("urn:ihe:iti:2010:DeleteDocumentSet"),
            "/xds-iti41", Set.of("urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b"),
            "/xds-iti43", Set.of("urn:ihe:iti:2007:RetrieveDocumentSet"),
            // HL7 v3 (ITI TF-2b 3.44.5, 3.45.5): the action names the interaction; ITI-44 has three
            "/pixv3-iti44", Set.of("urn:hl7-org:v3:PRPA_IN201301UV02", "urn:hl7-org:v3:PRPA_IN201302UV02",
                    "urn:hl7-org:v3:PRPA_IN201304UV02"),
            "/pixv3-iti45", Set.of("urn:hl7-org:v3:PRPA_IN201309UV02"),
            // ITI TF-2b 3.47.5: the query, its continuation and the cancel
            "/pdqv3-iti47", Set.of("urn:hl7-org:v3:PRPA_IN201305UV02", "urn:hl7-org:v3:QUQI_IN000003UV01_Continue",
                    "urn:hl7-org:v3:QUQI_IN000003UV01_Cancel"));

    private static final QName ACTION_NOT_SUPPORTED = new QName(Names.WSA_NAMESPACE_NAME, "ActionNotSupported");
    private static final QName HEADER_REQUIRED = new QName(Names.WSA_NAMESPACE_NAME, "MessageAddressingHeaderRequired");
    private static final QName ONLY_ANONYMOUS = new QName(Names.WSA_NAMESPACE_NAME, "OnlyAnonymousAddressSupported");

    public StrictSoapRequests() {
        super(Phase.PRE_PROTOCOL);
        addAfter(MAPCodec.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (message.getVersion() instanceof Soap11) {
            throw new SoapFault("This endpoint speaks SOAP 1.2 only", message.getVersion().getVersionMismatch());
        }
        var maps = ContextUtils.retrieveMAPs(message, false, false, false);
        if (maps != null && (!backChannel(maps.getReplyTo()) || !backChannel(maps.getFaultTo()))) {
            // answer this fault on the back channel, not at the address the client named
            maps.setFaultTo(null);
            var anonymous = new EndpointReferenceType();
            var address = new AttributedURIType();
            address.setValue(Names.WSA_ANONYMOUS_ADDRESS);
            anonymous.setAddress(address);
            maps.setReplyTo(anonymous);
            throw fault("Only anonymous wsa:ReplyTo and wsa:FaultTo are supported", ONLY_ANONYMOUS, message);
        }
        var action = maps == null || maps.getAction() == null ? null : maps.getAction().getValue();
        if (action == null || action.isBlank()) {
            throw fault("wsa:Action is required", HEADER_REQUIRED, message);
        }
        var expected = expectedAction(message);
        if (expected != null && !expected.contains(action.trim())) {
            throw fault("wsa:Action " + action + " is not supported here; expected "
                    + String.join(" or ", new TreeSet<>(expected)), ACTION_NOT_SUPPORTED, message);
        }
    }

    private static boolean backChannel(EndpointReferenceType epr) {
        if (epr == null || epr.getAddress() == null || epr.getAddress().getValue() == null) {
            return true;
        }
        var address = epr.getAddress().getValue().trim();
        return Names.WSA_ANONYMOUS_ADDRESS.equals(address) || Names.WSA_NONE_ADDRESS.equals(address);
    }

    private static Set<String> expectedAction(SoapMessage message) {
        var address = message.getExchange().getEndpoint().getEndpointInfo().getAddress();
        if (address == null) {
            return null;
        }
        for (var e : ACTIONS.entrySet()) {
            if (address.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static SoapFault fault(String text, QName subCode, SoapMessage message) {
        var fault = new SoapFault(text, message.getVersion().getSender());
        fault.setSubCode(subCode);
        return fault;
    }
}
