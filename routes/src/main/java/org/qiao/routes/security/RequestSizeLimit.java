package org.qiao.routes.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Caps the bytes of one SOAP request (envelope plus MTOM attachments) or FHIR request: a declared Content-Length over the cap
 * is answered 413 before anything is read; a chunked body is cut off when it passes the cap, which CXF turns
 * into a SOAP fault. Nothing of such a request is stored.
 * <p>
 * A MIME multipart (MTOM) body must also end with its closing boundary: a body cut off in the middle of its
 * last part would otherwise be read as a shorter, complete document. Reading such a body to its end fails
 * (once: later readers see the end). And the root part must be the one the {@code start} parameter names.
 */
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setHeader("Connection", "close");
            var message = "Request of " + request.getContentLengthLong() + " bytes is over the limit of " + maxBytes
                    + " bytes";
            if (request.getRequestURI().startsWith(request.getContextPath() + "/fhir")) {
                // a FHIR client reads an OperationOutcome (FHIR R4 http.html#2.21.0.4)
                response.setContentType("application/fhir+json;charset=UTF-8");
                response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                        + "\"code\":\"too-costly\",\"diagnostics\":\"" + message + "\"}]}");
                return;
            }
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(message + "\n");
            return;
        }
        chain.doFilter(new Capped(request, maxBytes, closingDelimiter(request.getContentType()),
                startParameter(request.getContentType())), response);
    }

    /** "--boundary--" of a multipart content type, or null. */
    static byte[] closingDelimiter(String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        var m = java.util.regex.Pattern.compile("(?i)boundary\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))").matcher(contentType);
        if (!m.find()) {
            return null;
        }
        var boundary = m.group(2) != null ? m.group(2) : m.group(3);
        return ("--" + boundary + "--").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The Content-ID a multipart body's root part must have (without angle brackets), or null. */
    static String startParameter(String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        var m = java.util.regex.Pattern.compile("(?i);\\s*start\\s*=\\s*(\"([^\"]*)\"|([^;\\s]+))").matcher(contentType);
        return m.find() ? bare(m.group(2) != null ? m.group(2) : m.group(3)) : null;
    }

    private static String bare(String id) {
        var t = id.trim();
        return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1).trim() : t;
    }

    private static final class Capped extends HttpServletRequestWrapper {
        private final long maxBytes;
        private final byte[] closing;
        private final String start;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long maxBytes, byte[] closing, String start) {
            super(request);
            this.maxBytes = maxBytes;
            this.closing = closing;
            this.start = start;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), maxBytes, closing, start);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long count;
        /** Knuth–Morris–Pratt search for the closing delimiter as the bytes stream by. */
        private final byte[] closing;
        private final int[] fallback;
        private int matched;
        private boolean closed;
        /** The first part's headers are collected here until they end, then checked against start. */
        private final String start;
        private java.io.ByteArrayOutputStream head;

        CountingStream(ServletInputStream in, long maxBytes, byte[] closing, String start) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.closing = closing;
            this.fallback = closing == null ? null : fallbacks(closing);
            this.closed = closing == null;
            this.start = start;
            this.head = start == null ? null : new java.io.ByteArrayOutputStream();
        }

        private void checkRoot(byte[] b, int off, int n) throws IOException {
            head.write(b, off, n);
            var text = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            var first = text.indexOf("--");
            var end = first < 0 ? -1 : text.indexOf("\r\n\r\n", first);
            if (end < 0) {
                if (head.size() > 16384) {
                    head = null;
                    throw new IOException("The MIME root part's headers do not end within 16 KB");
                }
                return;
            }
            head = null;
            for (var line : text.substring(first, end).split("\r\n")) {
                var colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-ID")
                        && bare(line.substring(colon + 1)).equals(start)) {
                    return;
                }
            }
            throw new IOException("The MIME start parameter <" + start + "> does not name the first (root) part");
        }

        private static int[] fallbacks(byte[] p) {
            var f = new int[p.length];
            for (int i = 1, k = 0; i < p.length; i++) {
                while (k > 0 && p[i] != p[k]) {
                    k = f[k - 1];
                }
                if (p[i] == p[k]) {
                    k++;
                }
                f[i] = k;
            }
            return f;
        }

        private void scan(byte[] b, int off, int n) {
            for (int i = off; i < off + n && !closed; i++) {
                while (matched > 0 && b[i] != closing[matched]) {
                    matched = fallback[matched - 1];
                }
                if (b[i] == closing[matched] && ++matched == closing.length) {
                    closed = true;
                }
            }
        }

        private int counted(byte[] b, int off, int n) throws IOException {
            if (n > 0) {
                count += n;
                if (count > maxBytes) {
                    throw new IOException("Request body over the limit of " + maxBytes + " bytes");
                }
                if (head != null) {
                    checkRoot(b, off, n);
                }
                if (!closed) {
                    scan(b, off, n);
                }
            } else if (n < 0 && !closed) {
                closed = true; // said once; whoever reads on sees the end
                throw new IOException("The MIME multipart body ends without its closing boundary");
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            var one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(b, off, in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
