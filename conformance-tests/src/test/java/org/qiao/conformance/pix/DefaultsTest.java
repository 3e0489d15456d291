package org.qiao.conformance.pix;

import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar started with no arguments at all, as `java -jar qiao.jar` in an empty folder: embedded H2 in
 * ./data, HTTP on 8080, MLLP on 2575 (always on H2, whatever store the suite runs on).
 */
class DefaultsTest {

    @Test
    void noArgumentsMeansH2InDataHttp8080AndMllp2575() throws Exception {
        var jar = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath();
        var folder = Files.createTempDirectory("qiao-defaults-");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("engine.log").toFile()).start();
        try {
            var http = HttpClient.newHttpClient();
            var ready = false;
            for (int i = 0; i < 450 && !ready && process.isAlive(); i++) {
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/actuator/health/readiness"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body().contains("UP");
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!ready) {
                    Thread.sleep(200);
                }
            }
            assertThat(ready).as(Files.readString(folder.resolve("engine.log"))).isTrue();
            // the built-in defaults know only the regional domain: a feed in it is accepted on 2575
            var ack = Mllp.exchange(2575, Hl7.adt("A01", Hl7.controlId(), "DEF1^^^QIAO&2.16.156.10011.0.99.1&ISO",
                    "默", "认"));
            assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
            assertThat(folder.resolve("data/qiao.mv.db")).exists();
            // no built-in login: the admin API wants credentials, and the only user has a one-off random password
            var api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/journal")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(Files.readString(folder.resolve("engine.log"))).contains("user 'admin' has the one-off password");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
