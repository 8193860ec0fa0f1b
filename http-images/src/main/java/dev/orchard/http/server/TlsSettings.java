package dev.orchard.http.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The optional HTTPS listener: a PEM certificate chain and a PEM PKCS#8 private key. Images stay on the plain
 * listener too (Mac firmware and {@code asr} fetch them over plain HTTP).
 */
public record TlsSettings(InetSocketAddress listen, Path certificateChain, Path privateKey) {
    public TlsSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The server's TLS context from the PEM files; also how a caller checks them before starting the server
     * ({@code orchard validate}).
     *
     * @throws SSLException saying which files could not be read or do not belong together
     */
    public SslContext serverContext() throws SSLException {
        try {
            return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .sslProvider(SslProvider.JDK)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new SSLException("cannot read the TLS certificate " + certificateChain + " or key " + privateKey
                    + ": " + e.getMessage(), e);
        }
    }
}
