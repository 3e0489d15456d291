package org.qiao.conformance.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The engine's admin REST API and actuator, over HTTP. */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Engine engine;
    private final String authorization;

    /** As the test admin, who may use every admin door. */
    public AdminClient(Engine engine) {
        this(engine, Engine.ADMIN);
    }

    /** As one of the engine's test users (Engine.ADMIN, OPERATOR, AUDITOR). */
    public AdminClient(Engine engine, String user) {
        this.engine = engine;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + Engine.password(user)).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return engine.http().send(HttpRequest.newBuilder(URI.create(engine.url(path))).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(String path) throws Exception {
        return engine.http().send(HttpRequest.newBuilder(URI.create(engine.url(path))).header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A POST with a JSON body. */
    public HttpResponse<String> post(String path, String json) throws Exception {
        return engine.http().send(HttpRequest.newBuilder(URI.create(engine.url(path))).header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public JsonNode json(String path) throws Exception {
        var r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Journal rows for a control id. */
    public JsonNode journal(String controlId) throws Exception {
        return json("/api/journal?controlId=" + URLEncoder.encode(controlId, StandardCharsets.UTF_8));
    }

    /** A resident by one identifier (domain code as configured, e.g. hosp-a-mrn), or null if unknown. */
    public JsonNode patient(String domain, String id) throws Exception {
        var r = get("/api/patients/" + domain + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return r.statusCode() == 404 ? null : JSON.readTree(r.body());
    }

    public JsonNode outbox(String destination) throws Exception {
        return json("/api/outbox/" + destination);
    }
}
