package org.qiao.conformance.support;

import jakarta.activation.DataHandler;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.attachment.AttachmentMarshaller;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * SOAP 1.2 with MTOM/XOP, built by hand: the SOAP envelope goes in an application/xop+xml root part and each
 * document in its own binary part referenced by xop:Include, as ITI-41 and ITI-43 require.
 */
public final class Mtom {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Mtom() {
    }

    /** An answer: its root XML and its binary parts by Content-ID. */
    public record Answer(int status, String xml, Map<String, byte[]> parts) {
        /** The bytes an xop:Include href (cid:...) points at. */
        public byte[] part(String href) {
            var id = URLDecoder.decode(href.replaceFirst("^cid:", ""), StandardCharsets.UTF_8);
            return parts.get(id);
        }
    }

    /** Marshals a JAXB request body, moving every binary (DataHandler) into an XOP attachment. */
    public static Map.Entry<String, Map<String, DataHandler>> marshal(Object jaxb) throws Exception {
        var attachments = new LinkedHashMap<String, DataHandler>();
        var m = JAXBContext.newInstance(jaxb.getClass()).createMarshaller();
        m.setAttachmentMarshaller(new AttachmentMarshaller() {
            @Override
            public String addMtomAttachment(DataHandler data, String ns, String local) {
                var cid = UUID.randomUUID() + "@qiao.test";
                attachments.put(cid, data);
                return "cid:" + cid;
            }

            @Override
            public String addMtomAttachment(byte[] data, int offset, int length, String mime, String ns, String local) {
                var cid = UUID.randomUUID() + "@qiao.test";
                attachments.put(cid, new DataHandler(new String(data, offset, length, StandardCharsets.ISO_8859_1),
                        "application/octet-stream"));
                return "cid:" + cid;
            }

            @Override
            public String addSwaRefAttachment(DataHandler data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isXOPPackage() {
                return true;
            }
        });
        var w = new java.io.StringWriter();
        m.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, true);
        m.marshal(jaxb, w);
        return Map.entry(w.toString(), attachments);
    }

    /** Posts an MTOM request: the envelope plus its attachments. */
    public static Answer post(Engine engine, String service, String action, String body,
                              Map<String, DataHandler> attachments) throws Exception {
        var url = engine.url("/services/" + service);
        var boundary = "MIMEBoundary_" + UUID.randomUUID().toString().replace("-", "");
        var out = new ByteArrayOutputStream();
        write(out, "--" + boundary + "\r\n"
                + "Content-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\n"
                + "Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@qiao.test>\r\n\r\n");
        write(out, Soap.envelope(action, url, body));
        for (var a : attachments.entrySet()) {
            write(out, "\r\n--" + boundary + "\r\nContent-Type: " + a.getValue().getContentType() + "\r\n"
                    + "Content-Transfer-Encoding: binary\r\nContent-ID: <" + a.getKey() + ">\r\n\r\n");
            try (var in = a.getValue().getInputStream()) {
                in.transferTo(out);
            }
        }
        write(out, "\r\n--" + boundary + "--\r\n");
        var contentType = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary + "\"; "
                + "start=\"<root.message@qiao.test>\"; start-info=\"application/soap+xml\"; action=\"" + action + "\"";
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return parse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** Splits a multipart/related answer (or takes a plain SOAP one as it is). */
    public static Answer parse(int status, String contentType, byte[] body) {
        if (!contentType.toLowerCase().startsWith("multipart/")) {
            return new Answer(status, new String(body, StandardCharsets.UTF_8), Map.of());
        }
        var boundary = param(contentType, "boundary");
        var raw = new String(body, StandardCharsets.ISO_8859_1);
        var parts = new LinkedHashMap<String, byte[]>();
        String root = null;
        for (var chunk : raw.split("--" + java.util.regex.Pattern.quote(boundary))) {
            var headerEnd = chunk.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            var headers = chunk.substring(0, headerEnd);
            var content = chunk.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            var bytes = content.getBytes(StandardCharsets.ISO_8859_1);
            var id = header(headers, "Content-ID");
            if (root == null && headers.toLowerCase().contains("application/xop+xml")) {
                root = new String(bytes, StandardCharsets.UTF_8);
            } else if (id != null) {
                parts.put(id.replaceAll("^<|>$", ""), bytes);
            }
        }
        return new Answer(status, root, parts);
    }

    private static String header(String headers, String name) {
        for (var line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String param(String contentType, String name) {
        for (var p : contentType.split(";")) {
            var kv = p.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase(name)) {
                return kv[1].replace("\"", "");
            }
        }
        throw new IllegalArgumentException("No " + name + " in " + contentType);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
