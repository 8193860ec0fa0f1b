package dev.orchard.ops.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a secret comes from: an environment variable or a file, never the configuration itself (a
 * config file ends up in version control). Read by the checks of this host, which {@code orchard validate}
 * and {@code orchard serve} share ({@link #read}): a token that is missing, short, a shipped placeholder, or
 * in a file other users can read is refused before anything starts.
 */
public record SecretSource(String env, Path file) {

    /** Shorter tokens are refused: the admin API can reimage every Mac in the lab. */
    public static final int MIN_LENGTH = 16;

    /**
     * Words of the placeholders shipped files show ({@code ops/packaging/orchard.env} says
     * {@code change-me-to-a-long-random-token}): a token containing one was never replaced.
     */
    static final List<String> PLACEHOLDER_WORDS = List.of("change-me", "changeme", "change_me", "replace-me",
            "replaceme", "placeholder");

    /** How to make a real token; printed with every refusal. */
    public static final String GENERATE = "head -c 24 /dev/urandom | base64 | tr '+/' '-_'";

    /**
     * The secret (trimmed) when it is usable, with every reason it is not ({@code errors}) and what is
     * risky but allowed ({@code warnings}).
     */
    public record Reading(Optional<String> secret, List<String> errors, List<String> warnings) {
        public Reading {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads the admin token and checks it (and, for a file, who else may read or change it). */
    public Reading read(Map<String, String> environment) {
        return read(environment, "the admin token", "use the admin API");
    }

    /**
     * Reads a secret and checks it as {@link #read(Map)} does, naming it {@code what} ("the webhook secret") and
     * saying what a reader of a too open file could do ({@code exposure}: "forge webhook deliveries").
     */
    public Reading read(Map<String, String> environment, String what, String exposure) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String value;
        String where;
        if (env != null) {
            where = "environment variable " + env;
            value = environment.get(env);
            if (value == null) {
                errors.add(where + " is not set");
            }
        } else {
            where = "file " + file;
            try {
                value = Files.readString(file);
                TokenFilePermissions.check(file, exposure, errors, warnings);
            } catch (IOException | RuntimeException e) {
                value = null;
                errors.add("cannot read " + where + ": " + describe(e));
            }
        }
        if (value != null) {
            String trimmed = value.strip();
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (trimmed.length() < MIN_LENGTH) {
                errors.add(what + " from " + where + " is shorter than " + MIN_LENGTH + " characters;"
                        + " generate one with: " + GENERATE);
            } else if (PLACEHOLDER_WORDS.stream().anyMatch(lower::contains)) {
                errors.add(what + " from " + where + " is the shipped placeholder, not a secret;"
                        + " generate one with: " + GENERATE);
            }
            if (errors.isEmpty()) {
                return new Reading(Optional.of(trimmed), errors, warnings);
            }
        }
        return new Reading(Optional.empty(), errors, warnings);
    }

    /** The secret, or {@link IllegalStateException} with every reason it cannot be used. */
    public String resolve(Map<String, String> environment) {
        Reading r = read(environment);
        return r.secret().orElseThrow(() -> new IllegalStateException(String.join("; ", r.errors())));
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return env != null ? "env " + env : "file " + file;
    }
}
