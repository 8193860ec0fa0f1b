package dev.orchard.http.api;

import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.MdmWebhookPort;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/mdm/webhook}: the body and the {@code X-Hmac-Signature} header reach the port unread, the
 * port's answer becomes the status, the admin token plays no part, and without an MDM the route is a 404 like
 * any unknown endpoint.
 */
class MdmWebhookRouteTest {

    private static final List<String> PATH = List.of("api", "v1", "mdm", "webhook");

    @Test
    void withoutAnMdmTheRouteIsNotFound() throws Exception {
        ApiRouter router = new ApiRouter(HttpPorts.standalone(), Optional.of("admin-token-0123456789"), Runnable::run);
        assertThat(router.handle(request("POST", "x", null)).get().status()).isEqualTo(404);
    }

    @Test
    void theBodyAndSignatureReachThePortAndItsAnswerIsTheStatus() throws Exception {
        List<MdmWebhookPort.Delivery> seen = new ArrayList<>();
        MdmWebhookPort.Answer[] answer = {MdmWebhookPort.Answer.ACCEPTED};
        ApiRouter router = new ApiRouter(HttpPorts.standalone().withMdmWebhook(d -> {
            seen.add(d);
            return answer[0];
        }), Optional.empty(), Runnable::run);

        assertThat(router.handle(request("POST", "{\"topic\":\"mdm.Connect\"}", "c2ln")).get().status()).isEqualTo(200);
        assertThat(new String(seen.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"topic\":\"mdm.Connect\"}");
        assertThat(seen.get(0).signature()).contains("c2ln");
        answer[0] = MdmWebhookPort.Answer.UNAUTHENTICATED;
        assertThat(router.handle(request("POST", "{}", null)).get().status()).isEqualTo(401);
        answer[0] = MdmWebhookPort.Answer.MALFORMED;
        assertThat(router.handle(request("POST", "{}", "c2ln")).get().status()).isEqualTo(400);
        assertThat(router.handle(request("GET", "", null)).get().status()).isEqualTo(405);
        assertThat(seen).hasSize(3);
    }

    private static ApiRequest request(String method, String body, String signature) throws Exception {
        return new ApiRequest(method, PATH, Map.of(), Optional.empty(),
                signature == null ? Map.of() : Map.of(ApiRequest.MDM_SIGNATURE, signature),
                body.getBytes(StandardCharsets.UTF_8), InetAddress.getLoopbackAddress());
    }
}
