package dev.orchard.bsdp.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the simulated Macs talk.
 *
 * @param bind         local socket; {@code 0.0.0.0:68} like real firmware (needs root), or {@code 127.0.0.1:0} in tests
 * @param server       where INFORMs go: {@code 255.255.255.255:67} (broadcast, like the firmware) or a server address
 * @param replyPort    sub-option 5; empty means "the bound port when it is not 68" (Startup Disk's behaviour)
 * @param timeout      how long to wait for a reply before retransmitting
 * @param attempts     transmissions per request (the firmware retries a few times); 1 = no retransmission
 * @param gatherWindow how long a LIST collects ACK[LIST]s from several servers; zero = the first one ends it
 */
public record BsdpClientConfig(InetSocketAddress bind, InetSocketAddress server, OptionalInt replyPort,
                               Duration timeout, int attempts, Duration gatherWindow) {

    public BsdpClientConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(replyPort, "replyPort");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(gatherWindow, "gatherWindow");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** Unicast to {@code server} from an ephemeral port on {@code bind}, 2 s timeout, 3 attempts, first reply wins. */
    public static BsdpClientConfig unicast(InetSocketAddress bind, InetSocketAddress server) {
        return new BsdpClientConfig(bind, server, OptionalInt.empty(), Duration.ofSeconds(2), 3, Duration.ZERO);
    }

    public BsdpClientConfig withTimeout(Duration t, int tries) {
        return new BsdpClientConfig(bind, server, replyPort, t, tries, gatherWindow);
    }

    public BsdpClientConfig withGatherWindow(Duration window) {
        return new BsdpClientConfig(bind, server, replyPort, timeout, attempts, window);
    }
}
