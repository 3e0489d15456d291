package org.qiao.conformance.nist;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SOAP 1.2 envelopes with WS-Addressing, and MTOM bodies written and read back. */
class SoapMessagesTest {

    @Test
    void theEnvelopeCarriesTheAddressingHeadersTheToolkitSends() {
        var payload = Xml.parse("<q:AdhocQueryRequest xmlns:q=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\"/>")
                .getDocumentElement();

        var env = SoapClient.envelope("http://h/services/xds-iti18", "urn:ihe:iti:2007:RegistryStoredQuery", payload)
                .getDocumentElement();

        assertThat(env.getNamespaceURI()).isEqualTo(SoapClient.SOAP12);
        var header = Xml.child(env, "Header").orElseThrow();
        assertThat(Xml.children(header)).extracting(e -> e.getNamespaceURI() + " " + e.getLocalName())
                .containsExactly(SoapClient.WSA + " To", SoapClient.WSA + " MessageID", SoapClient.WSA + " ReplyTo",
                        SoapClient.WSA + " Action");
        var action = Xml.child(header, "Action").orElseThrow();
        assertThat(Xml.text(action)).isEqualTo("urn:ihe:iti:2007:RegistryStoredQuery");
        assertThat(action.getAttributeNS(SoapClient.SOAP12, "mustUnderstand")).isEqualTo("true");
        assertThat(Xml.text(Xml.child(header, "MessageID").orElseThrow())).startsWith("urn:uuid:");
        assertThat(Xml.text(Xml.descendants(header, "Address").get(0)))
                .isEqualTo("http://www.w3.org/2005/08/addressing/anonymous");
        assertThat(Xml.children(Xml.child(env, "Body").orElseThrow()).get(0).getLocalName())
                .isEqualTo("AdhocQueryRequest");
    }

    @Test
    void anMtomResponseIsReadWithItsXopParts() {
        var binary = new byte[] {0, 1, 2, '\r', '\n', '-', '-', (byte) 0xff};
        var envelope = """
                <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
                <x:RetrieveDocumentSetResponse xmlns:x="urn:ihe:iti:xds-b:2007">
                <r:RegistryResponse xmlns:r="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0"
                  status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>
                <x:DocumentResponse><x:RepositoryUniqueId>1.2</x:RepositoryUniqueId>
                <x:DocumentUniqueId>1.3</x:DocumentUniqueId><x:mimeType>text/plain</x:mimeType>
                <x:Document><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include"
                  href="cid:doc%401"/></x:Document></x:DocumentResponse>
                </x:RetrieveDocumentSetResponse></s:Body></s:Envelope>""";
        var root = new LinkedHashMap<String, String>();
        root.put("Content-Type", "application/xop+xml; type=\"application/soap+xml\"");
        root.put("Content-ID", "<root@1>");
        var doc = new LinkedHashMap<String, String>();
        doc.put("Content-ID", "<doc@1>");
        var body = Multipart.write("uuid:b-1", List.of(
                new Multipart.Part(root, envelope.getBytes(StandardCharsets.UTF_8)), new Multipart.Part(doc, binary)));

        var response = SoapClient.parse(200,
                "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:b-1\"; start=\"<root@1>\"", body);

        assertThat(response.fault()).isNull();
        assertThat(response.body().getLocalName()).isEqualTo("RetrieveDocumentSetResponse");
        assertThat(RegistryResponseView.of(response.body()).status()).endsWith(":Success");
        var document = Xml.descendants(response.body(), "Document").get(0);
        assertThat(SoapClient.binary(document, response.attachments())).isEqualTo(binary);
    }

    @Test
    void aSoapFaultIsReportedAsSuch() {
        var fault = """
                <e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
                <e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text xml:lang="en">bad</e:Text></e:Reason>
                </e:Fault></e:Body></e:Envelope>""";

        var response = SoapClient.parse(500, "application/soap+xml", fault.getBytes(StandardCharsets.UTF_8));

        assertThat(response.fault()).isEqualTo("SOAP Fault: bad");
    }

    @Test
    void statusAndErrorsAreCheckedAsTheToolkitChecksThem() {
        var rr = Xml.parse("""
                <rs:RegistryResponse xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0"
                    status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"><rs:RegistryErrorList>
                  <rs:RegistryError errorCode="XDSPatientIdDoesNotMatch" codeContext="SS and DE differ"
                    severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"/>
                </rs:RegistryErrorList></rs:RegistryResponse>""").getDocumentElement();
        var view = RegistryResponseView.of(rr);

        var expectFailure = new StepDefinition("s", List.of("Failure"), null, "XDSPatientIdDoesNotMatch", false,
                false, null, List.of());
        var expectCode = new StepDefinition("s", List.of("Failure"), "XDSRegistryMetadataError", null, false, false,
                null, List.of());
        var expectSuccess = new StepDefinition("s", List.of("Success"), null, null, false, false, null, List.of());

        assertThat(StatusCheck.check(expectFailure, view)).isEmpty();
        assertThat(StatusCheck.check(expectCode, view)).singleElement().asString().contains("XDSRegistryMetadataError");
        assertThat(StatusCheck.check(expectSuccess, view)).hasSize(2);
    }
}
