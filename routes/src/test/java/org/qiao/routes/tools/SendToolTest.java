package org.qiao.routes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code send} puts on the wire and how it reads an answer, against a one-message MLLP peer in the test. */
class SendToolTest {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String MSH = "MSH|^~\\&|HIS_B|HOSP_B|QIAO|REGION|20261125170000||ADT^A01^ADT_A01|B-1|P|2.3.1"
            + "||||||GB 18030-2000";

    /** Accepts one connection, reads one frame (VT … FS CR), answers {@code answer} in GB 18030, returns the frame. */
    private static CompletableFuture<byte[]> peer(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (var s = server.accept()) {
                var in = s.getInputStream();
                var frame = new ByteArrayOutputStream();
                for (int b = in.read(); b != 0x1C; b = in.read()) {
                    frame.write(b);
                }
                in.read(); // the CR after FS
                var out = s.getOutputStream();
                out.write(0x0B);
                out.write(answer.getBytes(GB18030));
                out.write(new byte[] {0x1C, 0x0D});
                out.flush();
                return frame.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theFileIsSentInMsh18sCharsetWithCrSeparatorsAndTheAnswerIsReadInItsOwn(@TempDir Path dir) throws Exception {
        var message = MSH + "\r\nEVN|A01|20261125170000\r\nPID|||B1^^^HOSP_B||欧阳^娜娜\r\n\r\n";
        var file = dir.resolve("gb.hl7");
        Files.write(file, message.getBytes(GB18030));
        var answer = "MSH|^~\\&|QIAO|REGION|HIS_B|HOSP_B|20261125170001||ACK^A01|Q-1|P|2.3.1||||||GB 18030-2000\r"
                + "MSA|AE|B-1\rERR|PID^1^5^101&姓名缺失\r";
        var out = new ByteArrayOutputStream();
        int code;
        byte[] frame;
        try (var server = new ServerSocket(0)) {
            var received = peer(server, answer);
            code = SendTool.run(new String[] {"--port", String.valueOf(server.getLocalPort()), file.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            frame = received.get(10, TimeUnit.SECONDS);
        }

        // VT, then the text exactly, in GB 18030, each segment (the last too) ended by one CR
        assertThat(frame[0]).isEqualTo((byte) 0x0B);
        var sent = new String(frame, 1, frame.length - 1, GB18030);
        assertThat(sent).isEqualTo(MSH + "\rEVN|A01|20261125170000\rPID|||B1^^^HOSP_B||欧阳^娜娜\r");
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(file.toString(), "  MSA|AE|B-1", "  ERR|PID^1^5^101&姓名缺失");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void aaAndCaAreAcceptedAndAnAnswerWithoutMsaIsNot() {
        assertThat(SendTool.accepted("MSH|^~\\&|Q|R\rMSA|AA|1\r")).isTrue();
        assertThat(SendTool.accepted("MSH#^~\\&#Q#R\rMSA#CA#1\r")).isTrue();
        assertThat(SendTool.accepted("MSH|^~\\&|Q|R\rMSA|AR|1\rERR|^^^200\r")).isFalse();
        assertThat(SendTool.accepted("MSH|^~\\&|Q|R\rQAK|x|OK\r")).isFalse();
        assertThat(SendTool.shown("MSH|^~\\&|Q|R\rQAK|x|OK\r")).singleElement().asString().startsWith("(no MSA");
    }

    @Test
    void anEmptyFileOrNoFileIsRefusedBeforeConnecting(@TempDir Path dir) throws Exception {
        var empty = Files.writeString(dir.resolve("empty.hl7"), "\n\n");
        var err = new ByteArrayOutputStream();
        // port 1: nothing is ever sent there, the file is refused first
        int code = SendTool.run(new String[] {"--port", "1", empty.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the file is empty");
        assertThat(SendTool.run(new String[] {"--port", "2575"}, System.out, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }
}
