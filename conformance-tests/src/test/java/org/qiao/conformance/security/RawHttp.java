package org.qiao.conformance.security;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request is exactly the bytes given (a wrong Content-Length, broken
 * chunking, a half-closed connection), which java.net.http refuses to send. Every request asks for
 * {@code Connection: close}.
 */
final class RawHttp {

    /** An answer; {@code status} is -1 when the server closed without answering, -2 on a read timeout. */
    record Answer(int status, Map<String, String> headers, byte[] body, long millis, String problem) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private RawHttp() {
    }

    /** A request head: request line, Host, the given header lines, Connection: close, blank line. */
    static byte[] head(String method, String path, int port, List<String> headers) {
        var sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (var h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** POST with a correct Content-Length. */
    static Answer post(int port, String path, String contentType, byte[] body, int timeoutMs, String... extraHeaders) {
        var headers = new java.util.ArrayList<String>();
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        headers.addAll(List.of(extraHeaders));
        headers.add("Content-Length: " + body.length);
        return send(port, head("POST", path, port, headers), body, false, timeoutMs);
    }

    /** Sends head and body as they are; {@code halfClose} ends our side of the connection after them. */
    static Answer send(int port, byte[] head, byte[] body, boolean halfClose, int timeoutMs) {
        long started = System.nanoTime();
        String problem = null;
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMs);
            var out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before reading everything: read what it said
                problem = "write: " + e.getMessage();
            }
            var in = new BufferedInputStream(socket.getInputStream());
            try {
                return read(in, started, problem);
            } catch (SocketTimeoutException e) {
                return new Answer(-2, Map.of(), new byte[0], millis(started), "read timeout after " + timeoutMs + " ms");
            } catch (IOException e) {
                return new Answer(-1, Map.of(), new byte[0], millis(started),
                        (problem == null ? "" : problem + "; ") + "read: " + e.getMessage());
            }
        } catch (IOException e) {
            return new Answer(-1, Map.of(), new byte[0], millis(started), "connect: " + e.getMessage());
        }
    }

    private static Answer read(InputStream in, long started, String problem) throws IOException {
        while (true) {
            var head = readHead(in);
            if (head == null) {
                return new Answer(-1, Map.of(), new byte[0], millis(started),
                        (problem == null ? "" : problem + "; ") + "closed without an answer");
            }
            var lines = head.split("\r\n");
            var parts = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                return new Answer(-1, Map.of(), head.getBytes(StandardCharsets.ISO_8859_1), millis(started),
                        "not an HTTP answer: " + lines[0]);
            }
            var headers = new LinkedHashMap<String, String>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
                }
            }
            if (status == 100) {
                continue;
            }
            byte[] body;
            if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked(in);
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new Answer(status, headers, body, millis(started), problem);
        }
    }

    /** The head up to the blank line, or null when the stream ends before any byte. */
    private static String readHead(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) {
                var s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
            if (buf.size() > 1 << 20) {
                throw new IOException("answer head over 1 MB");
            }
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            var line = readLine(in);
            if (line == null) {
                return out.toByteArray();
            }
            int semi = line.indexOf(';');
            var hex = (semi < 0 ? line : line.substring(0, semi)).trim();
            if (hex.isEmpty()) {
                continue;
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                // trailers up to the blank line
                String t;
                while ((t = readLine(in)) != null && !t.isEmpty()) {
                    // ignored
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                var s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
