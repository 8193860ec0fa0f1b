package dev.orchard.http.api;

import dev.orchard.http.spi.AgentCredentials;
import dev.orchard.http.spi.EventsPort;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineEvent;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.http.spi.PlanQuery;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.TokenCheck;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The agent's two endpoints: {@code GET /api/v1/plan} and {@code POST /api/v1/machines/{mac}/events}. */
final class AgentEndpoints {

    private static final int MAX_IDENTITY = 64;
    private static final int MAX_CREDENTIAL = 256;

    private final PlanPort plans;
    private final EventsPort events;
    private final MachineTokens tokens;

    AgentEndpoints(PlanPort plans, EventsPort events, MachineTokens tokens) {
        this.plans = plans;
        this.events = events;
        this.tokens = tokens;
    }

    /**
     * 200 with the plan; 404 with the port's reason; 403/409 when the asker may not have it (the port
     * judges the credentials); 400 without a valid {@code mac} or with malformed credentials.
     */
    ApiResponse plan(ApiRequest request) throws Exception {
        String mac = MacAddresses.require(request.param("mac")
                .orElseThrow(() -> ApiException.badRequest("query parameter 'mac' is required")), "mac");
        AgentCredentials credentials = new AgentCredentials(credential(request, ApiRequest.CLAIM),
                credential(request, ApiRequest.TICKET), BearerTokens.extract(request.authorization()));
        PlanQuery query = new PlanQuery(mac, identity(request, "serial"), identity(request, "model"), request.client(),
                credentials);
        PlanDecision decision = plans.plan(query);
        if (decision instanceof PlanDecision.Found found) {
            return ApiResponse.json(200, found.plan());
        }
        if (decision instanceof PlanDecision.Refused refused) {
            throw new ApiException(refused.status(), refused.reason(), RejectReason.FORBIDDEN, Map.of());
        }
        throw ApiException.notFound(((PlanDecision.NoPolicy) decision).reason());
    }

    /**
     * Authorises with the run token (401 without one, 403 for a refused one), parses the event strictly,
     * stamps it with the token's run (an event naming another run is a 400) and answers 202 only once the
     * events port says it is durable.
     */
    CompletionStage<ApiResponse> event(ApiRequest request, String rawMac) throws ApiException {
        String mac = MacAddresses.require(rawMac, "the MAC in the path");
        String token = BearerTokens.extract(request.authorization())
                .orElseThrow(() -> ApiException.unauthenticated("a run token is required (Authorization: Bearer)"));
        TokenCheck check = tokens.verify(mac, token);
        if (check instanceof TokenCheck.Refused refused) {
            throw ApiException.forbidden(refused.reason().message());
        }
        String run = ((TokenCheck.Valid) check).runId();
        MachineEvent sent = ApiJson.read(request.body(), MachineEvent.class, "event");
        if (sent.runId() != null && !sent.runId().equals(run)) {
            throw ApiException.badRequest("the event's runId is not the run its token was issued for");
        }
        MachineEvent event = sent.withRunId(run);
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

    /** A credential header: printable ASCII, at most {@value #MAX_CREDENTIAL} characters. */
    private static Optional<String> credential(ApiRequest request, String header) throws ApiException {
        Optional<String> v = request.agentHeader(header).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent() && (v.get().length() > MAX_CREDENTIAL || !v.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw ApiException.badRequest("header " + header + " must be at most " + MAX_CREDENTIAL
                    + " printable ASCII characters");
        }
        return v;
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
