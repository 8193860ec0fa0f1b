package dev.orchard.http.api;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An API request as the server hands it over: method, clean path segments, decoded query parameters, the
 * {@code Authorization} header, the agent's own headers ({@link #AGENT_HEADERS}, by lower-case name) and
 * the (size-capped) body. Free of Netty types.
 */
public record ApiRequest(String method, List<String> path, Map<String, List<String>> query,
                         Optional<String> authorization, Map<String, String> agentHeaders, byte[] body,
                         InetAddress client) {

    /** {@code X-Orchard-Claim}: the agent's per-run secret (docs/agent-api.md, "Who may have a plan"). */
    public static final String CLAIM = "x-orchard-claim";
    /** {@code X-Orchard-Ticket}: an enrollment code an admin issued. */
    public static final String TICKET = "x-orchard-ticket";
    /** {@code X-Hmac-Signature}: NanoMDM's signature of a webhook body (docs/mdm.md). */
    public static final String MDM_SIGNATURE = "x-hmac-signature";
    /** The headers the API reads besides {@code Authorization}. */
    public static final List<String> AGENT_HEADERS = List.of(CLAIM, TICKET, MDM_SIGNATURE);

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        path = List.copyOf(path);
        query = Map.copyOf(query);
        Objects.requireNonNull(authorization, "authorization");
        agentHeaders = Map.copyOf(agentHeaders);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(client, "client");
    }

    /**
     * Every query parameter with its single value, for endpoints that take only {@code allowed} ones: an
     * unknown parameter (a misspelt filter would silently list everything) or a repeated one is a 400.
     */
    public Map<String, String> params(List<String> allowed) throws ApiException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + (name.length() > 40
                        ? name.substring(0, 40) + "…" : name) + "'; allowed: " + String.join(", ", allowed));
            }
            param(name).ifPresent(v -> out.put(name, v));
        }
        return out;
    }

    /** The single value of a query parameter; a repeated parameter is a 400. */
    public Optional<String> param(String name) throws ApiException {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' is given more than once");
        }
        return Optional.of(values.get(0));
    }

    /** One of {@link #AGENT_HEADERS}, when sent. */
    public Optional<String> agentHeader(String lowerCaseName) {
        return Optional.ofNullable(agentHeaders.get(lowerCaseName));
    }
}
