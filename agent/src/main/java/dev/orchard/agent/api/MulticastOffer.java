package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to {@code POST /api/v1/multicast/join}: the stream to receive, and how often to announce this
 * receiver again so that the server keeps it going.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MulticastOffer(String group, int port, String sha256, int chunkCount, long chunkSize,
                             long announceEveryMillis) {
}
