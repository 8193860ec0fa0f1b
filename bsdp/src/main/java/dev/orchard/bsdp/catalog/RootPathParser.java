package dev.orchard.bsdp.catalog;

import dev.orchard.bsdp.codec.Ipv4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Interprets the RootPath key as Apple's server does ({@code nbimages.c}): a file inside the bundle when
 * one exists by that name; otherwise an "indirect" location, {@code host:/mount[:image]} for NFS (a
 * literal colon escaped as {@code \:}) or {@code http://[user:pass@]host[:port]/path} for HTTP, whose host
 * is resolved to a numeric IPv4 address now, at scan time (xnu needs a dotted address for NFS; the EFI
 * client does no DNS for HTTP).
 */
public final class RootPathParser {

    private final Function<String, Optional<Inet4Address>> resolver;

    /** @param resolver host name to IPv4 address; {@link #dns()} in production, a map in tests */
    public RootPathParser(Function<String, Optional<Inet4Address>> resolver) {
        this.resolver = resolver;
    }

    /** Resolves with the system resolver; only called while scanning, never on a packet path. */
    public static Function<String, Optional<Inet4Address>> dns() {
        return host -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).filter(a -> a instanceof Inet4Address)
                        .map(a -> (Inet4Address) a).findFirst();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        };
    }

    Optional<RootPath> parse(PlistFields f, Path bundle, NbImageType type) {
        Optional<String> raw = f.string("RootPath");
        if (raw.isEmpty()) {
            if (!f.has("RootPath")) {
                f.error("RootPath", "missing: an " + type.plistValue() + " image needs its root disk image"
                        + " (e.g. NetInstall.dmg)");
            }
            return Optional.empty();
        }
        String value = raw.get();
        if (SafePaths.isSafeRelative(value) && Files.isRegularFile(bundle.resolve(value))) {
            return Optional.of(new RootPath.BundleFile(value));
        }
        Optional<String> indirect = type == NbImageType.NFS ? nfs(value) : http(value);
        if (indirect.isEmpty()) {
            f.error("RootPath", "'" + value + "' is neither a file in the bundle nor "
                    + (type == NbImageType.NFS ? "host:/mount[:image]" : "http://[user:pass@]host[:port]/path")
                    + " with a resolvable host");
        }
        return indirect.map(RootPath.Indirect::new);
    }

    /** {@code host:/mount[:image]} → {@code nfs:<ip>:/mount[:image]}. */
    private Optional<String> nfs(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon + 1 >= value.length()) {
            return Optional.empty();
        }
        return ip(value.substring(0, colon)).map(ip -> "nfs:" + ip + ":" + value.substring(colon + 1));
    }

    /** {@code http://[user:pass@]host[:port]/path} with the host replaced by its IPv4 address. */
    private Optional<String> http(String value) {
        String prefix = "http://";
        if (!value.startsWith(prefix)) {
            return Optional.empty();
        }
        int slash = value.indexOf('/', prefix.length());
        if (slash < 0) {
            return Optional.empty();
        }
        String authority = value.substring(prefix.length(), slash);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        if (at >= 0 && authority.substring(0, at).indexOf(':') < 0) {
            return Optional.empty(); // Apple: both user and password must be given
        }
        String hostPort = authority.substring(at + 1);
        int portColon = hostPort.indexOf(':');
        String host = portColon >= 0 ? hostPort.substring(0, portColon) : hostPort;
        String port = portColon >= 0 ? hostPort.substring(portColon) : "";
        if (!port.isEmpty() && !port.substring(1).matches("\\d{1,5}")) {
            return Optional.empty();
        }
        return ip(host).map(ip -> prefix + userInfo + ip + port + value.substring(slash));
    }

    private Optional<String> ip(String host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ipv4.parse(host).getHostAddress());
        } catch (IllegalArgumentException notNumeric) {
            return resolver.apply(host).map(Inet4Address::getHostAddress);
        }
    }
}
