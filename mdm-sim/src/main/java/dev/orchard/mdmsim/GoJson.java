package dev.orchard.mdmsim;

import java.util.List;
import java.util.Map;

/**
 * JSON as Go's {@code encoding/json} writes it, which is what NanoMDM sends: object keys in the order given
 * (callers pass struct-field order, or sorted keys for Go maps), {@code <}, {@code >} and {@code &} escaped as
 * {@code \u003c} etc. (Go's HTML-safe default), compact ({@code json.Marshal}, the webhook) or tab-indented with a
 * trailing newline ({@code Encoder.SetIndent("", "\t")}, the API: NanoMDM {@code http/api/api.go writeJSON}).
 * Values: {@link String}, {@link Boolean}, {@link Number}, {@link Map} (ordered), {@link List}.
 */
final class GoJson {

    private GoJson() {
    }

    static String compact(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        write(out, object, null, 0);
        return out.toString();
    }

    static String indented(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        write(out, object, "\t", 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object v, String indent, int depth) {
        if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean || v instanceof Number) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                newline(out, indent, depth + 1);
                string(out, (String) e.getKey());
                out.append(indent == null ? ":" : ": ");
                write(out, e.getValue(), indent, depth + 1);
            }
            newline(out, indent, depth);
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                newline(out, indent, depth + 1);
                write(out, l.get(i), indent, depth + 1);
            }
            if (!l.isEmpty()) {
                newline(out, indent, depth);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v);
        }
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
