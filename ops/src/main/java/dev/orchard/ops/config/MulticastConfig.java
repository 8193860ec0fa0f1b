package dev.orchard.ops.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code multicast:} (docs/multicast.md): which restores also get the image by multicast, and how it is sent.
 * A Mac gets the stream when the rule that decides its restore is listed in {@code policies}, or its image in
 * {@code images}; everything else restores over HTTP alone.
 *
 * @param group     IPv4 multicast group (239.0.0.0/8, the organisation-local scope of RFC 2365, is the usual
 *                  choice)
 * @param ttl       IP TTL of the datagrams; 1 (default) keeps them on the server's segment
 * @param rateMbit  the sending rate's cap in Mbit/s (a stream never goes faster)
 * @param idleStop  a stream stops when no receiver has announced itself for this long
 * @param source    IPv4 address of the interface the stream leaves from; null: {@code server.advertise_address}
 *                  or the system's route to the group
 * @param images    block image names streamed to every Mac that restores them
 * @param policies  policy names whose restores are streamed
 */
public record MulticastConfig(String group, int port, int ttl, int rateMbit, Duration idleStop, String source,
                              List<String> images, List<String> policies, SourceLocation at) {

    public static final int DEFAULT_PORT = 7010;
    public static final int DEFAULT_TTL = 1;
    public static final int DEFAULT_RATE_MBIT = 100;
    public static final Duration DEFAULT_IDLE_STOP = Duration.ofSeconds(30);

    public MulticastConfig {
        images = images == null ? List.of() : List.copyOf(images);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** True when this restore (decided by {@code policy}, of block image {@code image}) is streamed. */
    public boolean streams(String policy, String image) {
        return policies.contains(policy) || images.contains(image);
    }
}
