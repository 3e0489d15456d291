package org.qiao.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One MLLP connection: send a frame, wait for the answer frame (closed loop, as a HIS does). */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Sends one UTF-8 message and returns the answer; null if the peer closed the connection. */
    public String send(String message) throws IOException {
        out.write(0x0b);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(0x1c);
        out.write(0x0d);
        out.flush();
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != 0x0b);
        var buf = new ByteArrayOutputStream(256);
        while ((b = in.read()) >= 0) {
            if (b == 0x1c) {
                in.read();
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
