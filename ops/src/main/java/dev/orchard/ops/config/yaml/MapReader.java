package dev.orchard.ops.config.yaml;

import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the keys of one YAML mapping into typed values, reporting every problem (wrong type, bad
 * value, missing key) at the value's own location. Each key asked for becomes a known key; {@link
 * #finish()} reports every other key as unknown, with the list of known ones and a suggestion for a
 * likely typo. Absent optional values come back as {@code null}.
 *
 * <pre>{@code
 * MapReader r = MapReader.of(node, problems, "server.bsdp").orElseThrow();
 * int port = r.integer("port", 1, 65535, 67);
 * r.finish();
 * }</pre>
 */
public final class MapReader {

    private final YamlNode.Mapping map;
    private final Problems problems;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    private MapReader(YamlNode.Mapping map, Problems problems, String path) {
        this.map = map;
        this.problems = problems;
        this.path = path;
    }

    /** A reader for {@code node}, or empty (with an error) when it is not a mapping. */
    public static Optional<MapReader> of(YamlNode node, Problems problems, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(new MapReader(m, problems, path));
        }
        problems.error(node.at(), path + ": expected a mapping (key: value lines), got " + node.kind());
        return Optional.empty();
    }

    public SourceLocation at() {
        return map.at();
    }

    /** The dotted path of this mapping in messages, e.g. {@code policies[2].match}. */
    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    /** Where {@code key}'s value was written, or the mapping's own location when absent. */
    public SourceLocation at(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e == null ? map.at() : e.value().at();
    }

    /** Where {@code key} itself was written, or the mapping's location when absent. */
    public SourceLocation keyAt(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e == null ? map.at() : e.keyAt();
    }

    /** The value of {@code key} (marks it known); empty when absent or written as an empty value. */
    public Optional<YamlNode> node(String key) {
        known.add(key);
        YamlNode.Entry e = map.entries().get(key);
        if (e == null || (e.value() instanceof YamlNode.Scalar s && s.isNull())) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    public boolean has(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e != null && !(e.value() instanceof YamlNode.Scalar s && s.isNull());
    }

    /** Reports a missing key when {@code key} is absent; returns whether it is present. */
    public boolean require(String key, String what) {
        known.add(key);
        if (!has(key)) {
            problems.error(map.at(), path + ": missing required key '" + key + "' (" + what + ")");
            return false;
        }
        return true;
    }

    /** A string value; numbers and booleans are taken as written (a serial may look like a number). */
    public String string(String key) {
        return node(key).map(n -> text(n, child(key))).orElse(null);
    }

    /** A value parsed by {@code parse}, which throws {@link IllegalArgumentException} saying what is wrong. */
    public <T> T value(String key, Function<String, T> parse) {
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return null;
        }
        return convert(n.get(), child(key), parse);
    }

    public Integer integer(String key, long min, long max) {
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return null;
        }
        Long v = wholeNumber(n.get(), child(key), min, max);
        return v == null ? null : v.intValue();
    }

    public Long longValue(String key, long min, long max) {
        return node(key).map(n -> wholeNumber(n, child(key), min, max)).orElse(null);
    }

    public Boolean bool(String key) {
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return null;
        }
        if (n.get() instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.BOOLEAN) {
            return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
        }
        problems.error(n.get().at(), child(key) + ": expected true or false, got " + describe(n.get()));
        return null;
    }

    /** A list of values, also accepting a single value where one is enough ({@code mac: 00:11:…}). */
    public <T> List<T> list(String key, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return out;
        }
        List<YamlNode> items = n.get() instanceof YamlNode.Sequence s ? s.items() : List.of(n.get());
        for (int i = 0; i < items.size(); i++) {
            T v = convert(items.get(i), child(key) + (items.size() > 1 ? "[" + i + "]" : ""), parse);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** The scalar values of a list (or of a single value) with their locations. */
    public List<YamlNode.Scalar> scalars(String key) {
        List<YamlNode.Scalar> out = new ArrayList<>();
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return out;
        }
        List<YamlNode> items = n.get() instanceof YamlNode.Sequence s ? s.items() : List.of(n.get());
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                out.add(s);
            } else {
                problems.error(item.at(), child(key) + ": expected a single value, got " + item.kind());
            }
        }
        return out;
    }

    /** A list of mappings, each read by {@code item} with its own reader. Items that fail are skipped. */
    public <T> List<T> objects(String key, Function<MapReader, T> item) {
        List<T> out = new ArrayList<>();
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return out;
        }
        if (!(n.get() instanceof YamlNode.Sequence s)) {
            problems.error(n.get().at(), child(key) + ": expected a list (lines starting with '- '), got "
                    + n.get().kind());
            return out;
        }
        for (int i = 0; i < s.items().size(); i++) {
            MapReader.of(s.items().get(i), problems, child(key) + "[" + i + "]")
                    .map(item).ifPresent(out::add);
        }
        return out;
    }

    /** A nested mapping read by {@code section}; null when absent. */
    public <T> T object(String key, Function<MapReader, T> section) {
        return node(key).flatMap(n -> MapReader.of(n, problems, child(key))).map(section).orElse(null);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key that no one asked for. Call after reading all keys. */
    public void finish() {
        for (YamlNode.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                String hint = Suggestions.closest(e.key(), known).map(s -> " (did you mean '" + s + "'?)").orElse("");
                problems.error(e.keyAt(), (path.isEmpty() ? "" : path + ": ") + "unknown key '" + e.key() + "'" + hint
                        + "; expected one of: " + String.join(", ", known));
            }
        }
    }

    private <T> T convert(YamlNode n, String where, Function<String, T> parse) {
        String text = text(n, where);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            problems.error(n.at(), where + ": " + e.getMessage());
            return null;
        }
    }

    private String text(YamlNode n, String where) {
        if (n instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        problems.error(n.at(), where + ": expected a single value, got " + n.kind());
        return null;
    }

    private Long wholeNumber(YamlNode n, String where, long min, long max) {
        if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INTEGER) {
            try {
                long v = Long.parseLong(s.text().replace("_", ""));
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below (e.g. 0x1F or 1:30 written as numbers)
            }
        }
        problems.error(n.at(), where + ": expected a whole number from " + min + " to " + max + ", got " + describe(n));
        return null;
    }

    private static String describe(YamlNode n) {
        return n instanceof YamlNode.Scalar s ? "'" + s.text() + "'" : n.kind();
    }
}
