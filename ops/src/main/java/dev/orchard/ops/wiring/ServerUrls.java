package dev.orchard.ops.wiring;

import dev.orchard.http.server.HttpImageServer;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The URLs Macs and agents reach this server at: a listener bound to one address is reached there; a wildcard
 * listener at {@code server.advertise_address} (read from the current snapshot, so a reload changes it), else
 * 127.0.0.1.
 */
final class ServerUrls {

    private final Supplier<HttpImageServer> http;
    private final Supplier<String> advertiseAddress;

    ServerUrls(Supplier<HttpImageServer> http, Supplier<String> advertiseAddress) {
        this.http = http;
        this.advertiseAddress = advertiseAddress;
    }

    /** {@code http://host:port} of the plain HTTP listener (the agent's {@code --server}). */
    String plain() {
        InetSocketAddress a = http.get().address();
        return "http://" + host(a) + ":" + a.getPort();
    }

    /** {@code https://host:port} of the HTTPS listener when {@code server.http.tls} is set, else empty. */
    Optional<String> tls() {
        return http.get().tlsAddress().map(a -> "https://" + host(a) + ":" + a.getPort());
    }

    /**
     * Where an erased Mac fetches the agent's manifest: Apple's ManifestURL must be {@code https:}
     * (mdm/commands/application.install.enterprise.yaml), so the HTTPS listener when there is one; else the
     * plain URL, which the MDM gateway refuses to send (docs/mdm.md, "The agent's package").
     */
    String agentBase() {
        return tls().orElseGet(this::plain);
    }

    private String host(InetSocketAddress a) {
        String advertise = advertiseAddress.get();
        return !a.getAddress().isAnyLocalAddress() ? a.getAddress().getHostAddress()
                : advertise != null ? advertise : "127.0.0.1";
    }
}
