package dev.orchard.http.server;

import dev.orchard.http.files.Mount;
import dev.orchard.http.manifest.ManifestBuilder;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the HTTP server is configured with, validated once.
 *
 * @param listen        the plain HTTP listener (images must stay reachable there)
 * @param tls           an optional HTTPS listener
 * @param mounts        URL prefixes → folders (docs/agent-api.md "URL layout")
 * @param adminToken    the admin bearer token; empty disables the admin API (there is no default)
 * @param apiOnPlain    whether the plain listener also answers {@code /api/v1}; set false to keep the API on
 *                      HTTPS only when TLS is configured
 * @param chunkSize     manifest chunk size for images served from {@code IMAGES} mounts
 * @param ioThreads     worker threads for disk lookups, cold-page warming and port calls (never event loops)
 */
public record HttpServerConfig(InetSocketAddress listen, Optional<TlsSettings> tls, List<Mount> mounts,
                               Optional<String> adminToken, boolean apiOnPlain, ServerLimits limits,
                               int chunkSize, int ioThreads) {

    public HttpServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(limits, "limits");
        if (adminToken.isPresent() && adminToken.get().length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters");
        }
        if (!apiOnPlain && tls.isEmpty()) {
            throw new IllegalArgumentException("apiOnPlain=false needs a TLS listener, or the API is unreachable");
        }
        if (chunkSize < 4096 || ioThreads < 1) {
            throw new IllegalArgumentException("chunkSize >= 4096 and ioThreads >= 1 required");
        }
    }

    /** A plain listener serving {@code mounts} with default limits, no TLS and no admin API. */
    public static HttpServerConfig plain(InetSocketAddress listen, List<Mount> mounts) {
        return new HttpServerConfig(listen, Optional.empty(), mounts, Optional.empty(), true, ServerLimits.DEFAULTS,
                ManifestBuilder.DEFAULT_CHUNK_SIZE, 8);
    }

    public HttpServerConfig withTls(TlsSettings t) {
        return new HttpServerConfig(listen, Optional.of(t), mounts, adminToken, apiOnPlain, limits, chunkSize,
                ioThreads);
    }

    public HttpServerConfig withAdminToken(String token) {
        return new HttpServerConfig(listen, tls, mounts, Optional.of(token), apiOnPlain, limits, chunkSize, ioThreads);
    }

    public HttpServerConfig withLimits(ServerLimits l) {
        return new HttpServerConfig(listen, tls, mounts, adminToken, apiOnPlain, l, chunkSize, ioThreads);
    }

    public HttpServerConfig withApiOnPlain(boolean onPlain) {
        return new HttpServerConfig(listen, tls, mounts, adminToken, onPlain, limits, chunkSize, ioThreads);
    }

    public HttpServerConfig withChunkSize(int size) {
        return new HttpServerConfig(listen, tls, mounts, adminToken, apiOnPlain, limits, size, ioThreads);
    }
}
