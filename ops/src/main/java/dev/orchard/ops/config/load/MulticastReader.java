package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.MulticastConfig;
import dev.orchard.ops.config.yaml.MapReader;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code multicast:}; names are checked against images and policies later ({@link ConfigChecks}). */
final class MulticastReader {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    static final Duration MIN_IDLE = Duration.ofSeconds(1);
    static final Duration MAX_IDLE = Duration.ofHours(1);
    /** 10 GbE; a stream faster than the fastest lab link only floods it. */
    static final int MAX_RATE_MBIT = 10_000;

    private MulticastReader() {
    }

    static MulticastConfig read(MapReader r) {
        r.require("group", "IPv4 multicast group, e.g. 239.255.77.1");
        String group = r.value("group", MulticastReader::group);
        Integer port = r.integer("port", 1, 65535);
        Integer ttl = r.integer("ttl", 1, 255);
        Integer rate = r.integer("rate_mbit", 1, MAX_RATE_MBIT);
        Duration idle = r.value("idle_stop", MulticastReader::idleStop);
        String source = r.value("source", text -> Ipv4.format(Ipv4.parse(text)));
        List<String> images = r.list("images", ValueRules::name);
        List<String> policies = r.list("policies", ValueRules::name);
        List<String> groups = r.list("groups", ValueRules::name);
        if (!r.has("images") && !r.has("policies") && !r.has("groups")) {
            r.problems().error(r.at(), r.path() + ": say which restores are streamed (images: [...], policies: [...]"
                    + " and/or groups: [...])");
        }
        r.finish();
        return new MulticastConfig(group, port == null ? MulticastConfig.DEFAULT_PORT : port,
                ttl == null ? MulticastConfig.DEFAULT_TTL : ttl, rate == null ? MulticastConfig.DEFAULT_RATE_MBIT : rate,
                idle == null ? MulticastConfig.DEFAULT_IDLE_STOP : idle, source, images, policies, groups, r.at());
    }

    /**
     * An IPv4 multicast address (224.0.0.0/4, RFC 5771) outside the Local Network Control Block 224.0.0.0/24,
     * which routers and switches flood and treat as control traffic (OSPF, IGMP, mDNS live there).
     */
    static String group(String text) {
        int a = Ipv4.parse(text);
        String s = Ipv4.format(a);
        if ((a >>> 28) != 0xE) {
            throw new IllegalArgumentException(s + " is not an IPv4 multicast address (224.0.0.0/4); use one in 239.0.0.0/8");
        }
        if ((a >>> 8) == 0xE00000) {
            throw new IllegalArgumentException(s + " is in 224.0.0.0/24, reserved for network control (RFC 5771); use one in 239.0.0.0/8");
        }
        return s;
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}: from 1 s to 1 h. */
    static Duration idleStop(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(MIN_IDLE) < 0 || d.compareTo(MAX_IDLE) > 0) {
            throw new IllegalArgumentException("'" + text + "' is outside 1s to 1h");
        }
        return d;
    }
}
