package dev.orchard.ops.config.yaml;

import dev.orchard.ops.config.SourceLocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written. Jackson's data binding would stop at the first
 * error and forget positions; the configuration readers walk this tree instead, so that every error
 * names its file, line and column, and all errors are reported in one run.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    SourceLocation at();

    /** What an admin would call this kind of value in an error message. */
    String kind();

    /** A mapping, keys in file order. */
    record Mapping(SourceLocation at, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** One key of a mapping with the key's own location. */
    record Entry(String key, SourceLocation keyAt, YamlNode value) {
    }

    /** A list. */
    record Sequence(SourceLocation at, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar as written. {@code text} is the original text (so {@code 11:22:33:44:55:66} stays a
     * MAC even where YAML 1.1 would read a base-60 number); {@code type} is how YAML resolved it.
     */
    record Scalar(SourceLocation at, String text, ScalarType type) implements YamlNode {
        @Override
        public String kind() {
            return switch (type) {
                case NULL -> "an empty value";
                case BOOLEAN -> "a boolean";
                case INTEGER, FLOAT -> "a number";
                case STRING -> "a string";
            };
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }
    }

    /** How YAML resolved a scalar. */
    enum ScalarType {
        STRING, INTEGER, FLOAT, BOOLEAN, NULL
    }
}
