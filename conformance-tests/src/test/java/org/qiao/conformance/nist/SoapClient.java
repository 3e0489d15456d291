package org.qiao.conformance.nist;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SOAP 1.2 with WS-Addressing over java.net.http, as the toolkit's Axis2 client sends it: wsa:To, wsa:Action
 * (both mustUnderstand), wsa:MessageID and an anonymous wsa:ReplyTo. With MTOM the envelope is the root part
 * of a multipart/related body (application/xop+xml) and documents travel as binary parts referenced by
 * {@code xop:Include}.
 */
public final class SoapClient {

    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSA = "http://www.w3.org/2005/08/addressing";
    public static final String XOP = "http://www.w3.org/2004/08/xop/include";
    private static final String ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous";
    private static final String ROOT_ID = "root.message@qiao.nist";

    /** A binary MTOM part; {@code contentId} without angle brackets. */
    public record Attachment(String contentId, String contentType, byte[] content) {
    }

    /** What came back: the envelope, the first child of its Body, a fault text if it was a fault, the parts. */
    public record Response(int httpStatus, String contentType, Document envelope, Element body, String fault,
                           Map<String, byte[]> attachments, String rawText) {
    }

    /** HTTP/1.1: an h2c upgrade offer on a POST is something SOAP stacks need not understand. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Response send(String endpoint, String action, Element payload, List<Attachment> attachments,
                         boolean mtom) throws IOException, InterruptedException {
        var envelope = Xml.toString(envelope(endpoint, action, payload)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(120));
        byte[] body;
        if (mtom) {
            var boundary = "MIMEBoundary_" + UUID.randomUUID().toString().replace("-", "");
            var parts = new ArrayList<Multipart.Part>();
            var rootHeaders = new LinkedHashMap<String, String>();
            rootHeaders.put("Content-Type", "application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"");
            rootHeaders.put("Content-Transfer-Encoding", "binary");
            rootHeaders.put("Content-ID", "<" + ROOT_ID + ">");
            parts.add(new Multipart.Part(rootHeaders, envelope));
            for (var a : attachments) {
                var h = new LinkedHashMap<String, String>();
                h.put("Content-Type", a.contentType());
                h.put("Content-Transfer-Encoding", "binary");
                h.put("Content-ID", "<" + a.contentId() + ">");
                parts.add(new Multipart.Part(h, a.content()));
            }
            body = Multipart.write(boundary, parts);
            request.header("Content-Type", "multipart/related; boundary=\"" + boundary
                    + "\"; type=\"application/xop+xml\"; start=\"<" + ROOT_ID
                    + ">\"; start-info=\"application/soap+xml\"; action=\"" + action + "\"");
        } else {
            body = envelope;
            request.header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"");
        }
        var response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return parse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    static Document envelope(String endpoint, String action, Element payload) {
        var doc = Xml.newDocument();
        var env = doc.createElementNS(SOAP12, "soapenv:Envelope");
        env.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:wsa", WSA);
        doc.appendChild(env);
        var header = doc.createElementNS(SOAP12, "soapenv:Header");
        env.appendChild(header);
        addressing(doc, header, "To", endpoint, true);
        addressing(doc, header, "MessageID", "urn:uuid:" + UUID.randomUUID(), false);
        var replyTo = doc.createElementNS(WSA, "wsa:ReplyTo");
        var address = doc.createElementNS(WSA, "wsa:Address");
        address.setTextContent(ANONYMOUS);
        replyTo.appendChild(address);
        header.appendChild(replyTo);
        addressing(doc, header, "Action", action, true);
        var body = doc.createElementNS(SOAP12, "soapenv:Body");
        env.appendChild(body);
        body.appendChild(doc.importNode(payload, true));
        return doc;
    }

    private static void addressing(Document doc, Element header, String name, String value, boolean mustUnderstand) {
        var e = doc.createElementNS(WSA, "wsa:" + name);
        if (mustUnderstand) {
            e.setAttributeNS(SOAP12, "soapenv:mustUnderstand", "true");
        }
        e.setTextContent(value);
        header.appendChild(e);
    }

    static Response parse(int status, String contentType, byte[] bytes) {
        var attachments = new LinkedHashMap<String, byte[]>();
        byte[] rootBytes = bytes;
        if (contentType.toLowerCase().startsWith("multipart/")) {
            var boundary = Multipart.parameter(contentType, "boundary");
            var start = Multipart.parameter(contentType, "start");
            var parts = Multipart.read(bytes, boundary);
            Multipart.Part root = parts.isEmpty() ? null : parts.get(0);
            for (var p : parts) {
                if (start != null && Multipart.stripBrackets(start).equals(p.contentId())) {
                    root = p;
                }
            }
            for (var p : parts) {
                if (p != root && p.contentId() != null) {
                    attachments.put(p.contentId(), p.body());
                }
            }
            rootBytes = root == null ? new byte[0] : root.body();
        }
        var text = new String(rootBytes, StandardCharsets.UTF_8);
        Document envelope;
        try {
            envelope = Xml.parse(rootBytes);
        } catch (RuntimeException notXml) {
            return new Response(status, contentType, null, null, "HTTP " + status + ", not a SOAP envelope: "
                    + abbreviate(text), attachments, text);
        }
        var bodyElement = Xml.child(envelope.getDocumentElement(), "Body").orElse(null);
        var first = bodyElement == null ? null : Xml.children(bodyElement).stream().findFirst().orElse(null);
        String fault = null;
        if (first == null) {
            fault = "HTTP " + status + ", SOAP envelope without body content";
        } else if ("Fault".equals(first.getLocalName())) {
            fault = "SOAP Fault: " + Xml.descendants(first, "Text").stream().findFirst()
                    .or(() -> Xml.descendants(first, "faultstring").stream().findFirst())
                    .map(Xml::text).orElse(abbreviate(Xml.toString(first)));
        }
        return new Response(status, contentType, envelope, first, fault, attachments, text);
    }

    /** The wsa:Action of a response, or null. */
    public static String action(Response response) {
        if (response.envelope() == null) {
            return null;
        }
        return Xml.child(response.envelope().getDocumentElement(), "Header")
                .flatMap(h -> Xml.children(h, "Action").stream()
                        .filter(a -> WSA.equals(a.getNamespaceURI())).findFirst())
                .map(Xml::text).orElse(null);
    }

    /** The bytes an element carries: an xop:Include's part, or its base64 text. */
    public static byte[] binary(Element e, Map<String, byte[]> attachments) {
        var include = Xml.children(e).stream()
                .filter(c -> "Include".equals(c.getLocalName()) && XOP.equals(c.getNamespaceURI())).findFirst();
        if (include.isPresent()) {
            var href = include.get().getAttribute("href");
            var cid = decodePercent(href.startsWith("cid:") ? href.substring(4) : href);
            var content = attachments.get(cid);
            if (content == null) {
                throw new IllegalStateException("xop:Include " + href + " names no MIME part (have "
                        + attachments.keySet() + ")");
            }
            return content;
        }
        return java.util.Base64.getMimeDecoder().decode(e.getTextContent().trim());
    }

    /** RFC 2392: a cid URL is the Content-ID with %-escapes. */
    static String decodePercent(String s) {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        var flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }
}
