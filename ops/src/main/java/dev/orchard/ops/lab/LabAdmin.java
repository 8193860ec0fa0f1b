package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The admin API as an administrator's script calls it (docs/agent-api.md, docs/mdm.md), for the lab's modern
 * Macs: ask for their erase ({@code POST /api/v1/admin/erase}, a dry run first for the confirmation the guard
 * asks for), issue an enrollment code ({@code POST /api/v1/admin/tickets}), read a Mac's MDM state
 * ({@code GET /api/v1/machines/{mac}}).
 */
final class LabAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LabAdmin(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Asks for the erase of {@code macs}: a dry run says how many would be erased and whether the count must
     * confirm it; the request then carries that count. Returns the answer of the real request.
     */
    JsonNode erase(List<String> macs) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        macs.forEach(body.putArray("macs")::add);
        body.put("dryRun", true);
        JsonNode dry = call("POST", "/api/v1/admin/erase", body, 200);
        body.put("dryRun", false);
        if (dry.path("confirmationNeeded").asBoolean()) {
            body.put("confirm", dry.path("toErase").asInt());
        }
        return call("POST", "/api/v1/admin/erase", body, 200);
    }

    /** A one-time enrollment code for the Mac's agent ({@code X-Orchard-Ticket}). */
    String enrollmentCode(String mac) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("mac", mac);
        return call("POST", "/api/v1/admin/tickets", body, 201).path("code").asText();
    }

    /** {@code "mdm"} of the machine: {@code udid}, {@code eraseStage}, {@code reason}, {@code detail}, or null. */
    JsonNode mdm(String mac) throws IOException, InterruptedException {
        return call("GET", "/api/v1/machines/" + mac, null, 200).get("mdm");
    }

    private JsonNode call(String method, String path, JsonNode body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
