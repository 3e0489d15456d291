package org.qiao.conformance.support;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A SOAP 1.2 client with WS-Addressing, over java.net.http: the envelope is exactly what the test wrote. */
public final class Soap {

    public static final Map<String, String> NS = Map.of(
            "soap", "http://www.w3.org/2003/05/soap-envelope",
            "wsa", "http://www.w3.org/2005/08/addressing",
            "rs", "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0",
            "rim", "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0",
            "query", "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0",
            "lcm", "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0",
            "xds", "urn:ihe:iti:xds-b:2007");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Soap() {
    }

    /** A SOAP 1.2 envelope with the WS-Addressing headers IHE asks for, around an XML body. */
    public static String envelope(String action, String to, String body) {
        return "<soap:Envelope xmlns:soap=\"" + NS.get("soap") + "\" xmlns:wsa=\"" + NS.get("wsa") + "\">"
                + "<soap:Header>"
                + "<wsa:Action soap:mustUnderstand=\"true\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsa:To soap:mustUnderstand=\"true\">" + to + "</wsa:To>"
                + "</soap:Header><soap:Body>" + stripXmlDeclaration(body) + "</soap:Body></soap:Envelope>";
    }

    public static HttpResponse<String> post(String url, String action, String envelope) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a body to an engine endpoint and returns the parsed answer (SOAP envelope). */
    public static Document call(Engine engine, String service, String action, String body) throws Exception {
        var url = engine.url("/services/" + service);
        var response = post(url, action, envelope(action, url, body));
        return parse(response.body());
    }

    public static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    public static String text(Object context, String xpath) throws Exception {
        return (String) xpath().evaluate(xpath, context, XPathConstants.STRING);
    }

    public static int count(Object context, String xpath) throws Exception {
        return ((Number) xpath().evaluate("count(" + xpath + ")", context, XPathConstants.NUMBER)).intValue();
    }

    public static List<Element> nodes(Object context, String xpath) throws Exception {
        var list = (NodeList) xpath().evaluate(xpath, context, XPathConstants.NODESET);
        var out = new ArrayList<Element>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The IHE error codes of the RegistryErrorList in an answer. */
    public static List<String> errorCodes(Document answer) throws Exception {
        return nodes(answer, "//rs:RegistryError").stream().map(e -> e.getAttribute("errorCode")).toList();
    }

    private static javax.xml.xpath.XPath xpath() {
        var x = XPathFactory.newInstance().newXPath();
        x.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NS.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return x;
    }

    private static String stripXmlDeclaration(String xml) {
        return xml.startsWith("<?xml") ? xml.substring(xml.indexOf("?>") + 2) : xml;
    }
}
