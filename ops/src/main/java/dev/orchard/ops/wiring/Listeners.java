package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ServerSettings;

import java.net.InetSocketAddress;

/**
 * Where the three services listen: the configured addresses and ports, moved by {@code --unprivileged}
 * and overridden by {@link ServeOptions}.
 *
 * <p>{@code --unprivileged} (no root, no CAP_NET_BIND_SERVICE) maps each port below 1024 to
 * {@code 10000 + port}: BSDP 67 → 10067, TFTP 69 → 10069, HTTP 80 → 10080, HTTPS 443 → 10443. Real
 * Macs only use 67/69, so this is for simulated labs, demos and tests.
 */
public record Listeners(InetSocketAddress bsdp, InetSocketAddress tftp, InetSocketAddress http,
                        InetSocketAddress https) {

    public static Listeners of(ServerSettings s, ServeOptions o) {
        return new Listeners(
                address(s.bsdp().address(), s.bsdp().port(), o.bsdpPort(), o),
                address(s.tftp().address(), s.tftp().port(), o.tftpPort(), o),
                address(s.http().address(), s.http().port(), o.httpPort(), o),
                address(s.http().address(), httpsPort(s), o.httpPort() != null && o.httpPort() == 0 ? 0 : null, o));
    }

    /** {@code server.http.tls.port} (default 443); without TLS the HTTPS address is never bound. */
    private static int httpsPort(ServerSettings s) {
        return s.http().tls() != null ? s.http().tls().port() : ServerSettings.TlsSettings.DEFAULT_PORT;
    }

    /** {@code 10000 + port} for ports below 1024, else the port itself. */
    public static int unprivilegedPort(int port) {
        return port > 0 && port < 1024 ? 10_000 + port : port;
    }

    private static InetSocketAddress address(String configured, int port, Integer override, ServeOptions o) {
        String host = o.bindAddress() != null ? o.bindAddress() : configured;
        int p = override != null ? override : o.unprivileged() ? unprivilegedPort(port) : port;
        return new InetSocketAddress(host, p);
    }
}
