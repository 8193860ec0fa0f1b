package dev.orchard.http.server;

import dev.orchard.http.spi.MachineQuery;

import java.util.List;
import java.util.Set;

/**
 * The request target as the access log writes it: the path as received, and the query with the value of every
 * parameter that is not one the API documents as harmless ({@code mac}, {@code serial}, {@code model} and the
 * machine list's filters) replaced by {@code REDACTED}: a receiver of these logs must not learn a token or a code
 * someone put in a URL. Control characters, spaces and quotes are escaped so that one request stays one line of
 * the text format; the result is at most {@value #MAX} characters.
 */
final class AccessLogTarget {

    static final int MAX = 1024;
    private static final Set<String> HARMLESS = Set.copyOf(concat(List.of("mac", "serial", "model"),
            MachineQuery.PARAMETERS));

    private AccessLogTarget() {
    }

    static String printable(String uri) {
        int q = uri.indexOf('?');
        StringBuilder out = new StringBuilder(Math.min(uri.length(), MAX) + 16);
        escape(q < 0 ? uri : uri.substring(0, q), out);
        if (q >= 0) {
            out.append('?');
            String[] params = uri.substring(q + 1).split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    out.append('&');
                }
                int eq = params[i].indexOf('=');
                String name = eq < 0 ? params[i] : params[i].substring(0, eq);
                escape(name, out);
                if (eq >= 0) {
                    out.append('=');
                    if (HARMLESS.contains(name)) {
                        escape(params[i].substring(eq + 1), out);
                    } else {
                        out.append("REDACTED");
                    }
                }
            }
        }
        return out.length() > MAX ? out.substring(0, MAX - 1) + "…" : out.toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length() && out.length() <= MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
