package dev.orchard.bsdp.catalog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something wrong (or worth knowing) about one {@code .nbi} bundle, with the bundle and the
 * NBImageInfo.plist key it concerns, so the admin can go straight to the line to fix.
 *
 * @param severity ERROR: the bundle is not served; WARNING: it is served, with a caveat
 * @param bundle   the {@code .nbi} folder
 * @param key      the NBImageInfo.plist key, or a file name such as {@code NBImageInfo.plist}
 * @param message  what is wrong and what was expected
 */
public record CatalogProblem(Severity severity, Path bundle, String key, String message) {

    /** ERROR skips the bundle; WARNING keeps it. */
    public enum Severity { ERROR, WARNING }

    public CatalogProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code /srv/nbi/Foo.nbi: Index: must be 1..65535, was 0}. */
    @Override
    public String toString() {
        return bundle + ": " + key + ": " + message;
    }
}
