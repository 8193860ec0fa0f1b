package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.agent.identity.MachineIdentity;
import dev.orchard.agent.transfer.HttpStatusException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The agent's side of the JSON API ({@code docs/agent-api.md}): the plan, manifests and events. Paths
 * from the plan are relative to the server root and resolved against {@code --server}.
 */
public final class ServerApi {

    private final URI server;
    private final ApiTransport transport;

    public ServerApi(URI server, ApiTransport transport) {
        this.server = server;
        this.transport = transport;
    }

    public URI server() {
        return server;
    }

    /** A plan path ({@code /images/x}) as an absolute URL on this server. */
    public URI resolve(String path) {
        return server.resolve(path);
    }

    /**
     * {@code GET /api/v1/plan?mac=&serial=&model=} with the agent's credentials.
     *
     * @throws ApiException 404 when no policy applies, 403/409 when not let in, 400 for a bad identity, 5xx…
     * @throws IOException  when the server cannot be reached
     */
    public Plan fetchPlan(MachineIdentity id, PlanCredentials credentials) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("/api/v1/plan?mac=").append(encode(id.mac()));
        if (id.serial() != null) {
            query.append("&serial=").append(encode(id.serial()));
        }
        if (id.model() != null) {
            query.append("&model=").append(encode(id.model()));
        }
        return get(query.toString(), credentials.headers(), Plan.class);
    }

    /** {@code GET /images/{name}/manifest} (the path comes from the plan). */
    public Manifest fetchManifest(String path) throws IOException, InterruptedException {
        ApiTransport.Reply response = transport.get(resolve(path));
        if (response.status() != 200) {
            throw error(response, "GET " + path);
        }
        try {
            return ManifestJson.read(response.body());
        } catch (IOException e) {
            throw new ApiException(response.status(), "GET " + path + ": unreadable manifest: " + e.getMessage());
        }
    }

    private <T> T get(String path, java.util.Map<String, String> headers, Class<T> type)
            throws IOException, InterruptedException {
        ApiTransport.Reply response = transport.get(resolve(path), headers);
        if (response.status() != 200) {
            throw error(response, "GET " + path);
        }
        try {
            return ApiJson.shared().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ApiException(response.status(), "GET " + path + ": unreadable JSON: " + e.getMessage());
        }
    }

    /** {@code POST} one event with the plan's token; see {@link EventTransport.Outcome} for the outcomes. */
    public EventTransport.Delivery postEvent(String eventsPath, String token, AgentEvent event) {
        try {
            ApiTransport.Reply response = transport.post(resolve(eventsPath), Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + token), ApiJson.shared().writeValueAsBytes(event));
            int status = response.status();
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

    private ApiException error(ApiTransport.Reply response, String what) {
        String message = null;
        try {
            JsonNode body = ApiJson.shared().readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                message = body.get("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // the status alone will do
        }
        return new ApiException(response.status(), what + " answered " + response.status()
                + (message == null ? "" : ": " + message));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code POST join} ({@code /api/v1/multicast/join}) with the run token: announces this receiver, so the
     * server starts or keeps the image's stream.
     *
     * @throws ApiException 404 when the server does not stream this image to this Mac, 403 for a bad token…
     */
    public MulticastOffer joinMulticast(String joinPath, String token, String mac, String image)
            throws IOException, InterruptedException {
        return postJoin(joinPath, token, Map.of("mac", mac, "image", image));
    }

    /**
     * An announcement while receiving, with the datagrams of the stream received and missed since the previous
     * one (docs/agent-api.md, "Multicast"): the server adapts its sending rate to them.
     */
    public MulticastOffer joinMulticast(String joinPath, String token, String mac, String image, long datagramsReceived,
                                        long datagramsMissed) throws IOException, InterruptedException {
        return postJoin(joinPath, token, Map.of("mac", mac, "image", image, "datagramsReceived", datagramsReceived,
                "datagramsMissed", datagramsMissed));
    }

    private MulticastOffer postJoin(String joinPath, String token, Map<String, Object> fields)
            throws IOException, InterruptedException {
        byte[] body = ApiJson.shared().writeValueAsBytes(fields);
        ApiTransport.Reply response = transport.post(resolve(joinPath), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token), body);
        if (response.status() != 200) {
            throw error(response, "POST " + joinPath);
        }
        try {
            return ApiJson.shared().readValue(response.body(), MulticastOffer.class);
        } catch (IOException e) {
            throw new ApiException(response.status(), "POST " + joinPath + ": unreadable JSON: " + e.getMessage());
        }
    }

    /** {@code POST report}: what this receiver got by multicast and by HTTP repair, or why it fell back. */
    public void reportMulticast(String reportPath, String token, String mac, String image, long multicastBytes,
                                long repairBytes, String fallback) throws IOException, InterruptedException {
        byte[] body = ApiJson.shared().writeValueAsBytes(Map.of("mac", mac, "image", image, "multicastBytes",
                multicastBytes, "repairBytes", repairBytes, "fallback", fallback));
        ApiTransport.Reply response = transport.post(resolve(reportPath), Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + token), body);
        if (response.status() != 202 && response.status() != 200) {
            throw error(response, "POST " + reportPath);
        }
    }
}
