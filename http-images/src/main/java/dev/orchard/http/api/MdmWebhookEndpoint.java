package dev.orchard.http.api;

import dev.orchard.http.spi.MdmWebhookPort;
import dev.orchard.http.spi.RejectReason;

import java.util.Map;

/**
 * {@code POST /api/v1/mdm/webhook}: the MDM's events, passed whole to {@link MdmWebhookPort} with their
 * signature and credentials (docs/mdm.md). Not behind the admin token: the MDM has its own secret.
 */
final class MdmWebhookEndpoint {

    private final MdmWebhookPort port;

    MdmWebhookEndpoint(MdmWebhookPort port) {
        this.port = port;
    }

    ApiResponse receive(ApiRequest r) throws Exception {
        MdmWebhookPort.Answer answer = port.receive(new MdmWebhookPort.Delivery(r.body(),
                r.agentHeader(ApiRequest.MDM_SIGNATURE), r.authorization(), r.client()));
        return switch (answer) {
            case ACCEPTED -> ApiResponse.json(200, Map.of("ok", true));
            case MALFORMED -> throw ApiException.badRequest("not an MDM webhook event this server reads");
            case UNAUTHENTICATED -> throw new ApiException(401, "the MDM webhook signature or credentials are not valid",
                    RejectReason.UNAUTHENTICATED, Map.of());
            case DISABLED -> throw ApiException.notFound("no such API endpoint; the endpoints are listed in"
                    + " docs/agent-api.md");
        };
    }
}
