package dev.orchard.http.server;

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
}
