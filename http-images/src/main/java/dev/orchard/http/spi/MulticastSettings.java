package dev.orchard.http.spi;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How one image is streamed by multicast (docs/multicast.md): the group and port receivers join, the TTL
 * (1 keeps the stream on the server's own segment, RFC 1112 §6.1), the sending rate's cap and how long a
 * stream runs without any receiver announcing itself.
 *
 * @param source the address whose interface the stream leaves from; null: the system's route to the group
 */
public record MulticastSettings(InetAddress group, int port, int ttl, long rateBitsPerSecond, Duration idleStop,
                                InetAddress source) {

    public MulticastSettings {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(idleStop, "idleStop");
        if (!(group instanceof Inet4Address) || !group.isMulticastAddress()) {
            throw new IllegalArgumentException("group " + group.getHostAddress() + " is not an IPv4 multicast address");
        }
        if (port < 1 || port > 65535 || ttl < 1 || ttl > 255 || rateBitsPerSecond < 1_000_000 || idleStop.isNegative()
                || idleStop.isZero()) {
            throw new IllegalArgumentException("port " + port + ", ttl " + ttl + ", rate " + rateBitsPerSecond
                    + " bit/s, idle stop " + idleStop + " out of range");
        }
    }
}
