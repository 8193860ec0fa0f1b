package dev.orchard.http.spi;

import java.util.Objects;

/**
 * An OS installer to run, optionally with a package installed on first boot (the hand-off to the workflow).
 *
 * @param firstBootPackage may be null
 */
public record InstallStep(String installer, String url, long size, String sha256, PayloadRef firstBootPackage) {
    public InstallStep {
        Objects.requireNonNull(installer, "installer");
        Objects.requireNonNull(url, "url");
    }
}
