package dev.orchard.ops.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret comes from: an environment variable or a file, never the configuration itself (a
 * config file ends up in version control). Resolved when the server starts, not at load, so that
 * {@code orchard validate} works on a workstation without the secret.
 */
public record SecretSource(String env, Path file) {

    /** Shorter tokens are refused: the admin API can reimage every Mac in the lab. */
    public static final int MIN_LENGTH = 16;

    /** The secret, trimmed; throws {@link IllegalStateException} saying where it looked and what was wrong. */
    public String resolve(Map<String, String> environment) {
        String value;
        String where;
        if (env != null) {
            where = "environment variable " + env;
            value = environment.get(env);
            if (value == null) {
                throw new IllegalStateException(where + " is not set");
            }
        } else {
            where = "file " + file;
            try {
                value = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + where + ": " + e.getMessage(), e);
            }
        }
        String trimmed = value.strip();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalStateException("the admin token from " + where + " is shorter than " + MIN_LENGTH
                    + " characters");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return env != null ? "env " + env : "file " + file;
    }
}
