package dev.orchard.http.files;

import dev.orchard.http.spi.RouteClass;

/** What a mount serves; decides the route class for metrics and whether manifests are offered. */
public enum MountKind {
    /** NetBoot NBI folders: booter, kernelcache, root images (BSDP option 17). */
    NBI(RouteClass.NBI),
    /** Block images; {@code <prefix>/<name>/manifest} answers the image's chunk manifest. */
    IMAGES(RouteClass.IMAGE),
    /** Installers, packages, profiles used by workflows. */
    PAYLOADS(RouteClass.PAYLOAD),
    /** Any other folder (the standalone {@code orchard http}). */
    FILES(RouteClass.FILE);

    private final RouteClass route;

    MountKind(RouteClass route) {
        this.route = route;
    }

    public RouteClass route() {
        return route;
    }
}
