package org.qiao.conformance.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PIX Consumer for ITI-10: an MLLP server that records every message and answers AA.
 * It can be stopped and started again on the same port, like a hospital system going down.
 */
public final class TestSubscriber implements AutoCloseable {

    public final int port;
    public final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public TestSubscriber() throws IOException {
        this.port = Engine.freePort();
    }

    public synchronized TestSubscriber start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        var s = server;
        var t = new Thread(() -> accept(s), "test-subscriber-" + port);
        t.setDaemon(true);
        t.start();
        return this;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                var c = s.accept();
                c.setTcpNoDelay(true);
                connections.add(c);
                var t = new Thread(() -> serve(c), "test-subscriber-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; InputStream in = c.getInputStream()) {
            while (true) {
                var frame = Mllp.readFrame(in);
                if (frame == null) {
                    return;
                }
                var msg = new String(frame, StandardCharsets.UTF_8);
                received.add(msg);
                var ack = "MSH|^~\\&|" + Hl7.field(msg, "MSH", 5) + "|" + Hl7.field(msg, "MSH", 6) + "|"
                        + Hl7.field(msg, "MSH", 3) + "|" + Hl7.field(msg, "MSH", 4) + "|" + Hl7.now()
                        + "||ACK^A31^ACK|ACK" + Hl7.field(msg, "MSH", 10) + "|P|2.5\rMSA|AA|"
                        + Hl7.field(msg, "MSH", 10) + "\r";
                // one write per frame, as MLLP stacks do (three would wait on Nagle and delayed ACKs)
                var body = ack.getBytes(StandardCharsets.UTF_8);
                var answer = new byte[body.length + 3];
                answer[0] = 0x0b;
                System.arraycopy(body, 0, answer, 1, body.length);
                answer[answer.length - 2] = 0x1c;
                answer[answer.length - 1] = 0x0d;
                var out = c.getOutputStream();
                out.write(answer);
                out.flush();
            }
        } catch (IOException ignored) {
            // connection closed
        }
    }

    /** Goes down: the port refuses connections and open ones are cut. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (var c : connections) {
            c.close();
        }
        connections.clear();
    }

    /** Messages received whose PID-3 mentions the given identifier value. */
    public List<String> about(String idValue) {
        return received.stream().filter(m -> Hl7.pid3(m).stream().anyMatch(cx -> cx.startsWith(idValue + "^"))).toList();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
