package dev.orchard.ops.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code multicast:} (docs/multicast.md): which restores also get the image by multicast, and how it is sent.
 * A Mac gets the stream when the rule that decides its restore is listed in {@code policies}, its image in
 * {@code images}, or the Mac is in one of {@code groups}; everything else restores over HTTP alone.
 *
 * @param group     IPv4 multicast group (239.0.0.0/8, the organisation-local scope of RFC 2365, is the usual
 *                  choice)
 * @param ttl       IP TTL of the datagrams; 1 (default) keeps them on the server's segment
 * @param rateMbit  the cap of the sender's total rate in Mbit/s (all streams together never go faster)
 * @param idleStop  a stream stops when no receiver has announced itself for this long
 * @param source    IPv4 address of the interface the stream leaves from; null: {@code server.advertise_address}
 *                  or the system's route to the group
 * @param images    block image names streamed to every Mac that restores them
 * @param policies  policy names whose restores are streamed
 * @param groups    machine groups (groups: or an inventory's group column) whose Macs' restores are streamed
 */
public record MulticastConfig(String group, int port, int ttl, int rateMbit, Duration idleStop, String source,
                              List<String> images, List<String> policies, List<String> groups, SourceLocation at) {

    public static final int DEFAULT_PORT = 7010;
    public static final int DEFAULT_TTL = 1;
    public static final int DEFAULT_RATE_MBIT = 100;
    public static final Duration DEFAULT_IDLE_STOP = Duration.ofSeconds(30);

    public MulticastConfig {
        images = images == null ? List.of() : List.copyOf(images);
        policies = policies == null ? List.of() : List.copyOf(policies);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * True when this restore (decided by {@code policy}, of block image {@code image}, for a Mac that
     * {@code directory} places in its groups by {@code mac} or {@code serial}) is streamed.
     */
    public boolean streams(String policy, String image, MacAddress mac, String serial, MachineDirectory directory) {
        if (policies.contains(policy) || images.contains(image)) {
            return true;
        }
        for (String g : groups) {
            if (directory.macsOf(g).contains(mac) || serial != null && directory.serialsOf(g).contains(serial)) {
                return true;
            }
        }
        return false;
    }
}
