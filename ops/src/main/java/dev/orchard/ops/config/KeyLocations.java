package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the settings without a location of their own were written, by dotted key ({@code server.bsdp.port},
 * {@code admin_token.file}, {@code images.nbi_folders@/srv/orchard/nbi}), so that the checks of this host
 * ({@code orchard validate}, {@code orchard serve}) point at the line to fix. A key the configuration does
 * not set (a default) points at the main file.
 */
public record KeyLocations(Path mainFile, Map<String, SourceLocation> byKey) {

    public KeyLocations {
        Objects.requireNonNull(mainFile, "mainFile");
        byKey = Map.copyOf(byKey);
    }

    /** The key for one folder of {@code images.nbi_folders}. */
    public static String nbiFolder(Path folder) {
        return "images.nbi_folders@" + folder;
    }

    /** Where {@code key} was written, or the main file when it was not. */
    public SourceLocation of(String key) {
        return byKey.getOrDefault(key, SourceLocation.of(mainFile));
    }

    /** True when the configuration sets {@code key} (false: its default applies). */
    public boolean isSet(String key) {
        return byKey.containsKey(key);
    }
}
