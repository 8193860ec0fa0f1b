package dev.orchard.http.spi;

import java.time.Instant;

/** An enrollment code as issued: shown once, the server keeps only its hash. */
public record IssuedTicket(String mac, String code, String address, Instant expiresAt) {
}
