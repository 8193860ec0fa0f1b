package dev.orchard.http.api;

import dev.orchard.http.spi.AdminPort;
import dev.orchard.http.spi.AdminRefusedException;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.EraseRequest;
import dev.orchard.http.spi.ExplainQuery;
import dev.orchard.http.spi.MachineQuery;
import dev.orchard.http.spi.RerunRequest;
import dev.orchard.http.spi.TicketRequest;

import java.util.Map;
import java.util.Optional;

/**
 * The admin endpoints, behind the admin bearer token. Without a configured token the admin API is disabled
 * (403): there is no default password. Wrong tokens go through {@link AdminLoginGuard}: counted, logged,
 * and an address that keeps guessing is refused (429) before its token is compared.
 */
final class AdminEndpoints {

    /** Longest value of an explain parameter (a MAC, serial, model or address is far shorter). */
    private static final int MAX_VALUE = 64;

    private final AdminPort admin;
    private final Optional<String> adminToken;
    private final AdminLoginGuard guard;

    AdminEndpoints(AdminPort admin, Optional<String> adminToken, AdminLoginGuard guard) {
        this.admin = admin;
        this.adminToken = adminToken;
        this.guard = guard;
    }

    void authorise(ApiRequest request) throws ApiException {
        if (adminToken.isEmpty()) {
            throw ApiException.forbidden("the admin API is disabled: no admin token is configured");
        }
        guard.admit(request.client());
        String presented = BearerTokens.extract(request.authorization())
                .orElseThrow(() -> ApiException.unauthenticated("an admin token is required (Authorization: Bearer)"));
        if (!BearerTokens.constantTimeEquals(presented, adminToken.get())) {
            guard.failed(request.client());
            throw ApiException.forbidden("the admin token is not valid");
        }
        guard.succeeded(request.client());
    }

    /** Filters and paging as {@link MachineQuery} parses them; the page as the admin port shapes it. */
    ApiResponse machines(ApiRequest request) throws Exception {
        MachineQuery query = MachineQuery.parse(request.params(MachineQuery.PARAMETERS));
        return ApiResponse.json(200, admin.machines(query));
    }

    ApiResponse machine(String rawMac) throws Exception {
        String mac = MacAddresses.require(rawMac, "the MAC in the path");
        return admin.machine(mac).map(m -> ApiResponse.json(200, m))
                .orElseThrow(() -> ApiException.notFound("no machine " + mac + " is known"));
    }

    /** {@code mac} is required; the values go to the admin port as typed, as {@code orchard explain} takes them. */
    ApiResponse explain(ApiRequest request) throws Exception {
        Map<String, String> p = request.params(ExplainQuery.PARAMETERS);
        String mac = p.get("mac");
        if (mac == null) {
            throw ApiException.badRequest("query parameter 'mac' is required");
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (e.getValue().length() > MAX_VALUE) {
                throw ApiException.badRequest("query parameter '" + e.getKey() + "' is longer than " + MAX_VALUE
                        + " characters");
            }
        }
        ExplainQuery query = new ExplainQuery(mac, Optional.ofNullable(p.get("serial")),
                Optional.ofNullable(p.get("model")), Optional.ofNullable(p.get("ip")));
        return ApiResponse.json(200, admin.explain(query));
    }

    ApiResponse images() throws Exception {
        return ApiResponse.json(200, Map.of("images", admin.images()));
    }

    ApiResponse reload() throws Exception {
        return result(admin.reloadPolicy());
    }

    ApiResponse rescan() throws Exception {
        return result(admin.rescanImages());
    }

    /** {@code POST /api/v1/admin/tickets}: 201 with the code (shown once). */
    ApiResponse ticket(ApiRequest request) throws Exception {
        TicketRequest asked = ApiJson.read(request.body(), TicketRequest.class);
        String mac = MacAddresses.require(asked.mac(), "mac");
        try {
            return ApiResponse.json(201, admin.issueTicket(new TicketRequest(mac, asked.address(), asked.ttlSeconds())));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new ApiException(422, e.getMessage(), null, Map.of());
        }
    }

    /** {@code POST /api/v1/admin/rerun}: 200 with the mark journaled (docs/rerun.md). */
    ApiResponse rerun(ApiRequest request) throws Exception {
        RerunRequest asked = ApiJson.read(request.body(), RerunRequest.class);
        String mac = MacAddresses.require(asked.mac(), "mac");
        try {
            return ApiResponse.json(200, admin.requestRerun(new RerunRequest(mac)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new ApiException(422, e.getMessage(), null, Map.of());
        }
    }

    /**
     * {@code POST /api/v1/admin/erase}: 200 with what was started (or, for a dry run, what would be sent);
     * 409/429 when a guard refuses, with the dry run of what was refused.
     */
    ApiResponse erase(ApiRequest request) throws Exception {
        EraseRequest asked = ApiJson.read(request.body(), EraseRequest.class, "erase request");
        try {
            return ApiResponse.json(200, admin.erase(asked));
        } catch (AdminRefusedException e) {
            // the error body of docs/agent-api.md, then what the guard refused
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("status", e.status());
            body.put("error", ReasonPhrases.of(e.status()));
            body.put("message", e.getMessage());
            if (e.body() != null) {
                body.putAll(e.body());
            }
            return ApiResponse.json(e.status(), body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new ApiException(422, e.getMessage(), null, Map.of());
        }
    }

    private static ApiResponse result(AdminResult r) throws ApiException {
        if (!r.ok()) {
            throw new ApiException(422, r.message(), null, Map.of());
        }
        return ApiResponse.json(200, Map.of("ok", true, "message", r.message()));
    }
}
