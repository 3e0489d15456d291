package org.qiao.routes.mllp;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A blocking MLLP client that keeps one connection to a peer and sends each payload byte-exact (IPF's
 * producer re-encodes messages through HAPI, which drops the single-space PID-5 that ITI-10 requires).
 * Not thread-safe: one sender per destination worker.
 */
public class MllpSender implements AutoCloseable {

    private final String host;
    private final int port;
    private final Duration timeout;
    private final SSLSocketFactory tls;
    private Socket socket;

    public MllpSender(String host, int port, Duration timeout) {
        this(host, port, timeout, null);
    }

    /** @param tls for MLLP over TLS (our certificate is offered, the peer's checked and its host name verified); null for plain TCP */
    public MllpSender(String host, int port, Duration timeout, SSLSocketFactory tls) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.tls = tls;
    }

    /** Sends one message and returns the peer's answer; any failure drops the connection. */
    public String send(String message) throws IOException {
        var charset = Hl7Charsets.of(Hl7Charsets.msh18(message));
        try {
            if (socket == null || socket.isClosed()) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                // one frame waits for one ACK: Nagle's algorithm would hold a frame's tail until the peer's
                // delayed TCP ACK (40 ms), which capped a subscriber's notifications near 11 per second
                socket.setTcpNoDelay(true);
                if (tls != null) {
                    var secure = (SSLSocket) tls.createSocket(socket, host, port, true);
                    var parameters = secure.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    secure.setSSLParameters(parameters);
                    secure.startHandshake();
                    socket = secure;
                }
            }
            // the whole frame in one write (MLLP release 2: VT, message, FS CR)
            var body = message.getBytes(charset);
            var frame = new byte[body.length + 3];
            frame[0] = MllpFrameDecoder.VT;
            System.arraycopy(body, 0, frame, 1, body.length);
            frame[frame.length - 2] = MllpFrameDecoder.FS;
            frame[frame.length - 1] = MllpFrameDecoder.CR;
            var out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            var answer = readFrame(socket.getInputStream());
            return Hl7Charsets.decode(answer);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed before an answer");
            }
        } while (b != MllpFrameDecoder.VT);
        var buf = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
            if (b == MllpFrameDecoder.FS) {
                in.read();
                return buf.toByteArray();
            }
            buf.write(b);
        }
        throw new IOException("Connection closed inside the answer");
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
            socket = null;
        }
    }
}
