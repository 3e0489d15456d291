package org.qiao.conformance.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.support.Engine.ADMIN;
import static org.qiao.conformance.support.Engine.AUDITOR;
import static org.qiao.conformance.support.Engine.OPERATOR;

/** Logins and roles: who may use which door, CSRF on the console's forms, and no login without a hash. */
class AccessControlTest {

    private static Engine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    private static int status(String user, String password, String method, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(engine.url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return engine.http().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int as(String user, String method, String path) throws Exception {
        return status(user, Engine.password(user), method, path);
    }

    @Test
    void anonymousAndWrongPasswordsGet401WithABasicChallenge() throws Exception {
        var anonymous = engine.http().send(HttpRequest.newBuilder(URI.create(engine.url("/api/journal"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(status(ADMIN, "wrong", "GET", "/api/journal")).isEqualTo(401);
        assertThat(status("nobody", "x", "GET", "/api/journal")).isEqualTo(401);
    }

    @Test
    void eachRoleReachesItsOwnDoorsOnly() throws Exception {
        assertThat(as(OPERATOR, "GET", "/api/journal")).isEqualTo(200);
        assertThat(as(OPERATOR, "GET", "/api/outbox")).isEqualTo(200);
        assertThat(as(OPERATOR, "GET", "/api/audit")).isEqualTo(403);
        assertThat(as(AUDITOR, "GET", "/api/audit")).isEqualTo(200);
        assertThat(as(AUDITOR, "GET", "/api/journal")).isEqualTo(403);
        assertThat(as(AUDITOR, "GET", "/api/patients/hosp-a-mrn/X1")).isEqualTo(403);
        assertThat(as(AUDITOR, "POST", "/api/outbox/messages/1/retry")).isEqualTo(403);
        assertThat(as(ADMIN, "GET", "/api/journal")).isEqualTo(200);
        assertThat(as(ADMIN, "GET", "/api/audit")).isEqualTo(200);
    }

    @Test
    void probesAndIheServicesNeedNoLoginButMetricsDo() throws Exception {
        assertThat(status(null, null, "GET", "/actuator/health/readiness")).isEqualTo(200);
        assertThat(status(null, null, "GET", "/services/xds-iti18?wsdl")).isEqualTo(200);
        assertThat(status(null, null, "GET", "/actuator/prometheus")).isEqualTo(401);
        assertThat(as(OPERATOR, "GET", "/actuator/prometheus")).isEqualTo(200);
        assertThat(as(AUDITOR, "GET", "/actuator/prometheus")).isEqualTo(403);
    }

    @Test
    void consoleFormLoginNeedsTheCsrfTokenAndSoDoesLogout() throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var form = http.send(HttpRequest.newBuilder(URI.create(engine.url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        var token = csrf(form.body());

        var credentials = "username=" + OPERATOR + "&password=" + URLEncoder.encode(Engine.password(OPERATOR), StandardCharsets.UTF_8);
        var forged = http.send(post("/login", credentials), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("login without the CSRF token").isEqualTo(403);

        var login = http.send(post("/login", credentials + "&_csrf=" + token), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");

        var start = http.send(HttpRequest.newBuilder(URI.create(engine.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as("the start page sends an operator to the residents").isEqualTo(302);
        assertThat(start.headers().firstValue("Location").orElse("")).endsWith("/residents");
        var home = http.send(HttpRequest.newBuilder(URI.create(engine.url("/residents"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"signed-in\">" + OPERATOR + "<");
        var sessionToken = csrf(home.body());

        var forgedLogout = http.send(post("/logout", ""), HttpResponse.BodyHandlers.ofString());
        assertThat(forgedLogout.statusCode()).as("logout without the CSRF token").isEqualTo(403);
        var logout = http.send(post("/logout", "_csrf=" + sessionToken), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(302);
        var after = http.send(HttpRequest.newBuilder(URI.create(engine.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("signed out: back to the login page").isEqualTo(302);
    }

    @Test
    void theAdminClientOfTheOtherTestsIsAnAdmin() throws Exception {
        assertThat(new AdminClient(engine).get("/api/journal").statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainTextPasswordOrProdWithoutUsersStopsTheEngineAtStart() throws Exception {
        var plain = exits("--qiao.security.users[0].name=eve", "--qiao.security.users[0].password=secret",
                "--qiao.security.users[0].roles=ADMIN");
        assertThat(plain).contains("must be a hash such as {bcrypt}");
        var noop = exits("--qiao.security.users[0].name=eve", "--qiao.security.users[0].password={noop}secret",
                "--qiao.security.users[0].roles=ADMIN");
        assertThat(noop).contains("must be a hash such as {bcrypt}");
        var prod = exits("--spring.profiles.active=prod");
        assertThat(prod).contains("Profile prod needs qiao.security.users");
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(engine.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String csrf(String html) {
        var m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a _csrf field in %s", html).isTrue();
        return m.group(1);
    }

    /** Runs the jar with these arguments on a fresh H2 folder and returns its output; it must exit non-zero. */
    private static String exits(String... args) throws Exception {
        var jar = Path.of(System.getProperty("qiao.jar", "../routes/target/qiao.jar")).toAbsolutePath();
        var folder = Files.createTempDirectory("qiao-refuses-");
        var cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--qiao.data-dir=" + folder, "--server.port=" + Engine.freePort(),
                "--qiao.mllp.port=" + Engine.freePort(), "--qiao.audit-repository.udp-port=" + Engine.freeUdpPort()));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("engine.log").toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the engine kept running with " + List.of(args));
        }
        assertThat(p.exitValue()).isNotZero();
        return Files.readString(folder.resolve("engine.log"));
    }
}
