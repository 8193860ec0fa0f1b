package dev.orchard.http.api;

import dev.orchard.http.spi.AdminPort;
import dev.orchard.http.spi.AdminResult;

import java.util.Map;
import java.util.Optional;

/**
 * The admin endpoints, behind the admin bearer token. Without a configured token the admin API is disabled
 * (403): there is no default password. Wrong tokens go through {@link AdminLoginGuard}: counted, logged,
 * and an address that keeps guessing is refused (429) before its token is compared.
 */
final class AdminEndpoints {

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

    ApiResponse machines() throws Exception {
        return ApiResponse.json(200, Map.of("machines", admin.machines()));
    }

    ApiResponse machine(String rawMac) throws Exception {
        String mac = MacAddresses.require(rawMac, "the MAC in the path");
        return admin.machine(mac).map(m -> ApiResponse.json(200, m))
                .orElseThrow(() -> ApiException.notFound("no machine " + mac + " is known"));
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

    private static ApiResponse result(AdminResult r) throws ApiException {
        if (!r.ok()) {
            throw new ApiException(422, r.message(), null, Map.of());
        }
        return ApiResponse.json(200, Map.of("ok", true, "message", r.message()));
    }
}
