package dev.orchard.http.spi;

/** Closed set of route classes, used as a metrics tag (never a path, MAC or IP). */
public enum RouteClass {
    /** Files of NetBoot NBI folders ({@code /NetBoot/...}). */
    NBI,
    /** Block images ({@code /images/<name>}). */
    IMAGE,
    /** Image chunk manifests ({@code /images/<name>/manifest}). */
    MANIFEST,
    /** Installers and workflow payloads ({@code /payloads/...}). */
    PAYLOAD,
    /** Files of a plain mount (the standalone {@code orchard http} command). */
    FILE,
    /** Agent API: plan and events. */
    AGENT_API,
    /** Admin API behind the admin token. */
    ADMIN_API,
    /** {@code /metrics}, {@code /healthz}, {@code /readyz}. */
    OPERATIONS,
    /** Anything that matched no route (404) or was refused before routing. */
    OTHER
}
