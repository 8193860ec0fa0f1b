package dev.orchard.http.api;

import dev.orchard.http.spi.EventsPort;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineEvent;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.http.spi.PlanQuery;
import dev.orchard.http.spi.TokenCheck;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The agent's two endpoints: {@code GET /api/v1/plan} and {@code POST /api/v1/machines/{mac}/events}. */
final class AgentEndpoints {

    private static final int MAX_IDENTITY = 64;

    private final PlanPort plans;
    private final EventsPort events;
    private final MachineTokens tokens;

    AgentEndpoints(PlanPort plans, EventsPort events, MachineTokens tokens) {
        this.plans = plans;
        this.events = events;
        this.tokens = tokens;
    }

    /** 200 with the plan, 404 with the port's reason, 400 without a valid {@code mac}. */
    ApiResponse plan(ApiRequest request) throws Exception {
        String mac = MacAddresses.require(request.param("mac")
                .orElseThrow(() -> ApiException.badRequest("query parameter 'mac' is required")), "mac");
        PlanQuery query = new PlanQuery(mac, identity(request, "serial"), identity(request, "model"), request.client());
        PlanDecision decision = plans.plan(query);
        if (decision instanceof PlanDecision.Found found) {
            return ApiResponse.json(200, found.plan());
        }
        throw ApiException.notFound(((PlanDecision.NoPolicy) decision).reason());
    }

    /**
     * Authorises with the machine token (401 without one, 403 for a wrong one), parses the event strictly and
     * answers 202 only once the events port says it is durable.
     */
    CompletionStage<ApiResponse> event(ApiRequest request, String rawMac) throws ApiException {
        String mac = MacAddresses.require(rawMac, "the MAC in the path");
        String token = BearerTokens.extract(request.authorization())
                .orElseThrow(() -> ApiException.unauthenticated("a machine token is required (Authorization: Bearer)"));
        TokenCheck check = tokens.verify(mac, token);
        if (check != TokenCheck.VALID) {
            throw ApiException.forbidden(check == TokenCheck.OTHER_MACHINE
                    ? "this token belongs to another machine" : "the machine token is not valid");
        }
        MachineEvent event = ApiJson.read(request.body(), MachineEvent.class, "event");
        CompletionStage<Void> durable;
        try {
            durable = events.record(mac, event);
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        return durable.handle((ok, failure) -> {
            if (failure != null) {
                throw new CompletionException(refusal(failure)); // the router answers it and counts the refusal
            }
            return ApiResponse.json(202, Map.of("accepted", true, "seq", event.seq()));
        });
    }

    /**
     * An event the port refused as invalid is a 400: the agent drops it, where a 503 would have it retried
     * forever. Any other failure (the journal could not write) is a 503 and the agent retries.
     */
    private static ApiException refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof InvalidRequestException invalid) {
            return ApiException.badJson("invalid event: " + invalid.getMessage());
        }
        return new ApiException(503, "the event could not be stored; retry later", null, Map.of("Retry-After", "5"));
    }

    private static Optional<String> identity(ApiRequest request, String name) throws ApiException {
        Optional<String> v = request.param(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent()) {
            String s = v.get();
            if (s.length() > MAX_IDENTITY || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw ApiException.badRequest("query parameter '" + name + "' must be at most " + MAX_IDENTITY
                        + " printable ASCII characters");
            }
        }
        return v;
    }
}
