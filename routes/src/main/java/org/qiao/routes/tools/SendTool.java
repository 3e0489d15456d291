package org.qiao.routes.tools;

import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLLPReader;
import ca.uhn.hl7v2.llp.MinLLPWriter;
import org.qiao.routes.mllp.Hl7Charsets;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar qiao.jar send [--host H] [--port P] [--timeout S] FILE…} ({@code bin/send}): sends each file, one
 * HL7 v2 message, over MLLP and prints the answer's MSA and ERR segments, so that the samples can be tried with
 * nothing but Java (Debian's {@code mllp_send} is only installed by {@code bin/test}).
 *
 * <p>The file's text is sent as written: HAPI's {@code Connection} would parse and re-encode it (dropping, e.g.,
 * the single-space PID-5 of ITI-10 or empty trailing fields), which is not what a sample is meant to show. So only
 * HAPI's lower layer protocol classes frame it, and the character set is ours ({@link Hl7Charsets}, the mapping the
 * engine decodes with): the message is encoded in the set MSH-18 names, UTF-8 without one.
 *
 * <p>All files go over one connection, in the order given, as a hospital's interface sends them; a connection that
 * fails is opened again for the next file.
 */
public final class SendTool {

    /** The engine's MLLP port when {@code qiao.mllp.port} is not set. */
    static final int DEFAULT_PORT = 2575;
    /** Long enough for a cold engine's first answer (the JIT has compiled nothing yet). */
    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    private SendTool() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** 0 every answer AA or CA, 1 a file not sent or another answer, 2 wrong arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        var files = new ArrayList<Path>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(args, ++i);
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--timeout" -> timeoutSeconds = Integer.parseInt(value(args, ++i));
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        files.add(Path.of(args[i]));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no file given");
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("send: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        boolean allAccepted = true;
        try (var peer = new Peer(host, port, timeoutSeconds * 1000)) {
            for (var file : files) {
                out.println(file);
                String answer;
                try {
                    answer = peer.send(message(Files.readAllBytes(file)));
                } catch (NoSuchFileException e) {
                    err.println("  not sent: no such file");
                    allAccepted = false;
                    continue;
                } catch (IOException | LLPException | IllegalArgumentException e) {
                    err.println("  not sent: " + e.getMessage());
                    allAccepted = false;
                    continue;
                }
                var shown = shown(answer);
                shown.forEach(segment -> out.println("  " + segment));
                allAccepted &= accepted(answer);
            }
        }
        return allAccepted ? 0 : 1;
    }

    private static final String USAGE = "usage: send [--host H (127.0.0.1)] [--port P (" + DEFAULT_PORT
            + ")] [--timeout SECONDS (" + DEFAULT_TIMEOUT_SECONDS + ")] FILE…   (one HL7 v2 message per file)";

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /**
     * A file's message as the frame carries it. Decoded as the engine decodes a frame (MSH-18 read from a UTF-8
     * guess, then the set it names), which also turns the file's LF or CR LF line ends into CR segment separators;
     * a byte order mark and blank lines at the end are dropped, and the last segment ends with CR as every other.
     */
    static String message(byte[] file) {
        var text = Hl7Charsets.decode(file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        return text.substring(0, end) + "\r";
    }

    /** The segments printed for an answer: its MSA and every ERR, or a note that it has no MSA. */
    static List<String> shown(String answer) {
        var shown = new ArrayList<String>();
        for (var segment : answer.split("\r")) {
            if (segment.startsWith("MSA") || segment.startsWith("ERR")) {
                shown.add(segment);
            }
        }
        if (msa1(answer) == null) {
            shown.add(0, "(no MSA in the answer: " + answer.replace('\r', ' ').strip() + ")");
        }
        return shown;
    }

    /** AA (original mode) or CA (enhanced mode commit accept): the receiver took the message. */
    static boolean accepted(String answer) {
        var code = msa1(answer);
        return "AA".equals(code) || "CA".equals(code);
    }

    /** MSA-1 of an answer, with the field separator its MSH declares; null without MSH or MSA. */
    private static String msa1(String answer) {
        if (!answer.startsWith("MSH") || answer.length() < 4) {
            return null;
        }
        var separator = String.valueOf(answer.charAt(3));
        for (var segment : answer.split("\r")) {
            if (segment.startsWith("MSA" + separator)) {
                var fields = segment.split(java.util.regex.Pattern.quote(separator), -1);
                return fields.length > 1 ? fields[1] : "";
            }
        }
        return null;
    }

    /** One MLLP connection, opened when first needed and again after a failure. */
    private static final class Peer implements AutoCloseable {

        private final String host;
        private final int port;
        private final int timeoutMillis;
        private Socket socket;
        private MinLLPReader reader;

        Peer(String host, int port, int timeoutMillis) {
            this.host = host;
            this.port = port;
            this.timeoutMillis = timeoutMillis;
        }

        String send(String message) throws IOException, LLPException {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                    socket.setSoTimeout(timeoutMillis);
                    // ISO-8859-1 maps each byte to one char and back, so the answer's own MSH-18 decides below
                    reader = new MinLLPReader(socket.getInputStream(), StandardCharsets.ISO_8859_1);
                }
                Charset charset = Hl7Charsets.of(Hl7Charsets.msh18(message));
                new MinLLPWriter(socket.getOutputStream(), charset).writeMessage(message);
                var answer = reader.getMessage();
                if (answer == null) { // HAPI's reader gives null when the socket's time-out passes
                    throw new IOException("no answer within " + timeoutMillis / 1000 + " s");
                }
                return Hl7Charsets.decode(answer.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException | LLPException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            reader = null;
            try (var closing = socket) { // a null socket (never opened) is skipped
                socket = null;
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
