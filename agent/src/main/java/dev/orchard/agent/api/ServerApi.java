package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.agent.identity.MachineIdentity;
import dev.orchard.agent.report.EventTransport;
import dev.orchard.agent.transfer.HttpStatusException;
import dev.orchard.agent.transfer.HttpSettings;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The agent's side of the JSON API ({@code docs/agent-api.md}): the plan, manifests and events. Paths
 * from the plan are relative to the server root and resolved against {@code --server}.
 */
public final class ServerApi {

    private final URI server;
    private final HttpClient client;
    private final HttpSettings settings;
    private final ObjectMapper json = ApiJson.mapper();

    public ServerApi(URI server, HttpClient client, HttpSettings settings) {
        this.server = server;
        this.client = client;
        this.settings = settings;
    }

    public URI server() {
        return server;
    }

    /** A plan path ({@code /images/x}) as an absolute URL on this server. */
    public URI resolve(String path) {
        return server.resolve(path);
    }

    /**
     * {@code GET /api/v1/plan?mac=&serial=&model=}.
     *
     * @throws ApiException 404 when no policy applies, 400 for a bad identity, 5xx…
     * @throws IOException  when the server cannot be reached
     */
    public Plan fetchPlan(MachineIdentity id) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("/api/v1/plan?mac=").append(encode(id.mac()));
        if (id.serial() != null) {
            query.append("&serial=").append(encode(id.serial()));
        }
        if (id.model() != null) {
            query.append("&model=").append(encode(id.model()));
        }
        return get(query.toString(), Plan.class);
    }

    /** {@code GET /images/{name}/manifest} (the path comes from the plan). */
    public Manifest fetchManifest(String path) throws IOException, InterruptedException {
        return get(path, Manifest.class);
    }

    private <T> T get(String path, Class<T> type) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resolve(path)).GET().timeout(settings.requestTimeout())
                .header("Accept", "application/json").build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw error(response, "GET " + path);
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "GET " + path + ": unreadable JSON: " + e.getMessage());
        }
    }

    /** {@code POST} one event with the plan's token; see {@link EventTransport.Outcome} for the outcomes. */
    public EventTransport.Delivery postEvent(String eventsPath, String token, AgentEvent event) {
        try {
            HttpRequest request = HttpRequest.newBuilder(resolve(eventsPath)).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event))).build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 202 || status == 200) {
                return EventTransport.Delivery.ACCEPTED;
            }
            String detail = error(response, "POST " + eventsPath).getMessage();
            return new EventTransport.Delivery(HttpStatusException.isRetryableStatus(status)
                    ? EventTransport.Outcome.RETRY : EventTransport.Outcome.REJECTED, detail);
        } catch (IOException e) {
            return new EventTransport.Delivery(EventTransport.Outcome.RETRY, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EventTransport.Delivery(EventTransport.Outcome.RETRY, "interrupted");
        }
    }

    private ApiException error(HttpResponse<byte[]> response, String what) {
        String message = null;
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                message = body.get("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // the status alone will do
        }
        return new ApiException(response.statusCode(), what + " answered " + response.statusCode()
                + (message == null ? "" : ": " + message));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
