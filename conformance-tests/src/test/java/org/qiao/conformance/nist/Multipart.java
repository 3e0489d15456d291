package org.qiao.conformance.nist;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** MIME multipart/related bodies (MTOM/XOP), written and read byte for byte without a MIME library. */
public final class Multipart {

    private static final byte[] CRLF = {'\r', '\n'};

    /** One body part; header names are kept lower-case. */
    public record Part(Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The Content-ID without angle brackets, or null. */
        public String contentId() {
            var id = header("content-id");
            return id == null ? null : stripBrackets(id.trim());
        }
    }

    private Multipart() {
    }

    public static byte[] write(String boundary, List<Part> parts) {
        var out = new ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(("--" + boundary).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
            part.headers().forEach((k, v) -> {
                out.writeBytes((k + ": " + v).getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(CRLF);
            });
            out.writeBytes(CRLF);
            out.writeBytes(part.body());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The parts between the boundaries; the preamble and epilogue are dropped. */
    public static List<Part> read(byte[] body, String boundary) {
        var delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        var parts = new ArrayList<Part>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("No boundary " + boundary + " in multipart body");
        }
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return parts; // closing delimiter
            }
            int start = skipLineEnd(body, afterDelimiter);
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                throw new IllegalArgumentException("Multipart body ends without closing boundary");
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            } else if (end >= 1 && body[end - 1] == '\n') {
                end -= 1;
            }
            parts.add(parsePart(body, start, end));
            pos = next;
        }
    }

    private static Part parsePart(byte[] body, int start, int end) {
        var headers = new LinkedHashMap<String, String>();
        int p = start;
        while (p < end) {
            int lineEnd = indexOf(body, new byte[] {'\n'}, p);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            var line = new String(body, p, lineEnd - p, StandardCharsets.ISO_8859_1).replace("\r", "");
            p = Math.min(lineEnd + 1, end);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        var content = java.util.Arrays.copyOfRange(body, p, Math.max(p, end));
        if ("base64".equalsIgnoreCase(headers.getOrDefault("content-transfer-encoding", ""))) {
            content = Base64.getMimeDecoder().decode(content);
        }
        return new Part(headers, content);
    }

    /** A parameter of a MIME header value, e.g. boundary, start, type; quotes removed. */
    public static String parameter(String headerValue, String name) {
        var m = Pattern.compile("(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)")
                .matcher(headerValue);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static String stripBrackets(String id) {
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    private static int skipLineEnd(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i < b.length && b[i] == '\r') {
            i++;
        }
        if (i < b.length && b[i] == '\n') {
            i++;
        }
        return i;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
