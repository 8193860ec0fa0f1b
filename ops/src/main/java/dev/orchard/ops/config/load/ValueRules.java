package dev.orchard.ops.config.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The shapes of names, checksums, paths and URLs in the configuration; each parse says what is allowed. */
final class ValueRules {

    /** Names end up in URLs ({@code /images/<name>}) and in metric-free log lines: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._:@-]{1,15}");

    private ValueRules() {
    }

    static String name(String text) {
        String t = text.trim();
        if (!NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid name (letters, digits, '.', '_', '-';"
                    + " starting with a letter or digit; at most 64 characters)");
        }
        return t;
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return text.trim();
    }

    static String sha256(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 (64 hex digits, as printed by"
                    + " `shasum -a 256`)");
        }
        return t;
    }

    static String envName(String text) {
        if (!ENV.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an environment variable name");
        }
        return text.trim();
    }

    static String interfaceName(String text) {
        if (!INTERFACE.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a network interface name (e.g. eth0, en0)");
        }
        return text.trim();
    }

    /** A path below a served folder: relative, no {@code ..}, forward slashes. */
    static String servedPath(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.startsWith("/") || t.contains("\\") || t.contains("\0")) {
            throw new IllegalArgumentException("'" + text + "' must be a relative path inside the folder (no leading"
                    + " '/', no '\\')");
        }
        for (String segment : t.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' must stay inside the folder (no '..', '.' or '//')");
            }
        }
        return t;
    }

    /** An absolute http or https URL (packages and profiles hosted elsewhere); may hold {variables}. */
    static String httpUrl(String text) {
        try {
            URI u = new URI(text.trim().replaceAll("\\{\\{?[A-Za-z_][A-Za-z0-9_]*}}?", "x"));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return text.trim();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not an absolute http:// or https:// URL");
    }

    static String logLevel(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "trace", "debug", "info", "warn", "error" -> t;
            default -> throw new IllegalArgumentException("'" + text + "' is not a log level; expected one of: trace,"
                    + " debug, info, warn, error");
        };
    }
}
