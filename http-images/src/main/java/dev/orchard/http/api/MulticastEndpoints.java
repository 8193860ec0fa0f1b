package dev.orchard.http.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastJoins;
import dev.orchard.http.spi.TokenCheck;

import java.util.Map;

/**
 * The agent's multicast routes (docs/agent-api.md, "Multicast"), authenticated like its events: the run
 * token of the Mac named in the body. {@code POST /api/v1/multicast/join} announces a receiver (and starts or
 * keeps its image's stream); {@code POST /api/v1/multicast/report} says what the receiver got from the stream
 * and from HTTP repair, or why it fell back.
 */
final class MulticastEndpoints {

    private static final int MAX_IMAGE = 1024;

    /**
     * {@code {"mac": …, "image": …}}: {@code image} is the plan's {@code restore.image}. A repeated announcement
     * may add {@code datagramsReceived} and {@code datagramsMissed}: what the receiver saw of its stream since its
     * previous announcement (the sender's rate adapts to them).
     */
    public record JoinRequest(String mac, String image, Long datagramsReceived, Long datagramsMissed) {
        @JsonCreator
        public JoinRequest(@JsonProperty(value = "mac", required = true) String mac,
                           @JsonProperty(value = "image", required = true) String image,
                           @JsonProperty("datagramsReceived") Long datagramsReceived,
                           @JsonProperty("datagramsMissed") Long datagramsMissed) {
            this.mac = mac;
            this.image = image;
            this.datagramsReceived = datagramsReceived;
            this.datagramsMissed = datagramsMissed;
        }
    }

    /** What a receiver got; {@code fallback} is one of {@link MulticastFallback}'s wire names. */
    public record ReportRequest(String mac, String image, long multicastBytes, long repairBytes, String fallback) {
        @JsonCreator
        public ReportRequest(@JsonProperty(value = "mac", required = true) String mac,
                             @JsonProperty(value = "image", required = true) String image,
                             @JsonProperty(value = "multicastBytes", required = true) long multicastBytes,
                             @JsonProperty(value = "repairBytes", required = true) long repairBytes,
                             @JsonProperty(value = "fallback", required = true) String fallback) {
            this.mac = mac;
            this.image = image;
            this.multicastBytes = multicastBytes;
            this.repairBytes = repairBytes;
            this.fallback = fallback;
        }
    }

    private final MachineTokens tokens;
    private final MulticastJoins joins;

    MulticastEndpoints(MachineTokens tokens, MulticastJoins joins) {
        this.tokens = tokens;
        this.joins = joins;
    }

    /** 200 with the stream to join; 404 when multicast is off for this Mac and image. */
    ApiResponse join(ApiRequest request) throws Exception {
        JoinRequest asked = ApiJson.read(request.body(), JoinRequest.class, "join");
        String mac = authorise(request, asked.mac());
        if ((asked.datagramsReceived() == null) != (asked.datagramsMissed() == null)
                || asked.datagramsReceived() != null && (asked.datagramsReceived() < 0 || asked.datagramsMissed() < 0)) {
            throw ApiException.badRequest("datagramsReceived and datagramsMissed come together, each >= 0");
        }
        var offer = asked.datagramsReceived() == null ? joins.join(mac, image(asked.image()))
                : joins.join(mac, image(asked.image()), asked.datagramsReceived(), asked.datagramsMissed());
        if (offer.isEmpty()) {
            throw ApiException.notFound("multicast is not on for this machine and image; restore over HTTP");
        }
        return ApiResponse.json(200, offer.get());
    }

    /** 202 once counted. */
    ApiResponse report(ApiRequest request) throws Exception {
        ReportRequest sent = ApiJson.read(request.body(), ReportRequest.class, "report");
        String mac = authorise(request, sent.mac());
        MulticastFallback fallback = MulticastFallback.fromWire(sent.fallback());
        if (fallback == null) {
            throw ApiException.badRequest("fallback '" + sent.fallback() + "' is not one of none, not_offered, "
                    + "join_failed, nothing_received");
        }
        if (sent.multicastBytes() < 0 || sent.repairBytes() < 0) {
            throw ApiException.badRequest("byte counts must be >= 0");
        }
        joins.report(mac, image(sent.image()), sent.multicastBytes(), sent.repairBytes(), fallback);
        return ApiResponse.json(202, Map.of("accepted", true));
    }

    private String authorise(ApiRequest request, String rawMac) throws ApiException {
        String token = BearerTokens.extract(request.authorization())
                .orElseThrow(() -> ApiException.unauthenticated("a run token is required (Authorization: Bearer)"));
        String mac = MacAddresses.require(rawMac, "mac");
        if (tokens.verify(mac, token) instanceof TokenCheck.Refused refused) {
            throw ApiException.forbidden(refused.reason().message());
        }
        return mac;
    }

    private static String image(String image) throws ApiException {
        if (image.isEmpty() || image.length() > MAX_IMAGE || image.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.badRequest("image must be 1 to " + MAX_IMAGE + " printable characters");
        }
        return image;
    }
}
