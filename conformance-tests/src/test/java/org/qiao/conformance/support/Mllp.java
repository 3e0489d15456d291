package org.qiao.conformance.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain-socket MLLP client: the bytes on the wire are exactly what a test wrote. */
public final class Mllp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    public Mllp(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private Mllp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
    }

    /** MLLP over TLS; the handshake happens here, so a refused certificate throws. */
    public static Mllp tls(int port, SSLContext tls) throws IOException {
        var socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return new Mllp(socket);
    }

    /** Sends one message (segments separated by CR) and returns the answer, decoded in the same charset. */
    public String send(String message, Charset charset) throws IOException {
        var answer = sendFrame(message.getBytes(charset));
        return answer == null ? null : new String(answer, charset);
    }

    public String send(String message) throws IOException {
        return send(message, StandardCharsets.UTF_8);
    }

    /** Frames the payload (VT … FS CR), sends it and returns the answer's payload, or null if the peer closed. */
    public byte[] sendFrame(byte[] payload) throws IOException {
        var out = socket.getOutputStream();
        out.write(0x0b);
        out.write(payload);
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
        return readFrame();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one frame's payload; null when the connection is closed first. */
    public byte[] readFrame() throws IOException {
        return readFrame(in);
    }

    /** Reads one frame's payload from a stream; null when it ends first. */
    public static byte[] readFrame(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != 0x0b);
        var buf = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
            if (b == 0x1c) {
                in.read();
                return buf.toByteArray();
            }
            buf.write(b);
        }
        return null;
    }

    /** True when the peer has closed the connection (reads end of stream). */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** One message on a fresh connection. */
    public static String exchange(int port, String message) throws IOException {
        try (var c = new Mllp(port)) {
            return c.send(message);
        }
    }

    /**
     * Sends many messages over {@code connections} connections at once (each sends its share one after the
     * other, waiting for each answer); returns the answers in the order of {@code messages}.
     */
    public static List<String> exchangeAll(int port, List<String> messages, int connections) throws Exception {
        var answers = new String[messages.size()];
        var pool = java.util.concurrent.Executors.newFixedThreadPool(connections);
        try {
            var work = new ArrayList<java.util.concurrent.Future<?>>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                work.add(pool.submit(() -> {
                    try (var connection = new Mllp(port)) {
                        for (int i = first; i < messages.size(); i += connections) {
                            answers[i] = connection.send(messages.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (var w : work) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(answers);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
