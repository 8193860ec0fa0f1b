package dev.orchard.ops.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one YAML file into a {@link YamlNode} tree with Jackson's streaming YAML parser, keeping the
 * line and column of every key and value. Syntax errors, duplicate keys, aliases and extra documents
 * are reported as problems located in the file.
 */
public final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Path file;
    private final Problems problems;

    private YamlTreeReader(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Parses {@code file}; empty when it cannot be read or is not valid YAML (the reason is in
     * {@code problems}). An empty file is an empty mapping.
     */
    public static Optional<YamlNode> read(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            problems.error(SourceLocation.of(file), "cannot read file: " + describe(e));
            return Optional.empty();
        }
        return parse(file, text, problems);
    }

    /** Parses {@code text} as if it were the content of {@code file}. */
    public static Optional<YamlNode> parse(Path file, String text, Problems problems) {
        return new YamlTreeReader(file, problems).parseAll(new StringReader(text));
    }

    private Optional<YamlNode> parseAll(Reader text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Optional.of(new YamlNode.Mapping(new SourceLocation(file, 1, 1), Map.of()));
            }
            YamlNode root = readValue(p);
            if (p.nextToken() != null) {
                problems.error(at(p.currentTokenLocation()),
                        "only one YAML document per file is allowed (found a second one here)");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            problems.error(loc == null ? SourceLocation.of(file) : at(loc),
                    "invalid YAML: " + e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            problems.error(SourceLocation.of(file), "cannot read file: " + describe(e));
            return Optional.empty();
        } catch (YamlSyntax e) {
            return Optional.empty();
        }
    }

    private YamlNode readValue(JsonParser p) throws IOException {
        SourceLocation where = at(p.currentTokenLocation());
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            problems.error(where, "YAML aliases (*" + p.getText() + ") are not supported; write the value out");
            throw new YamlSyntax();
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return readMapping(p, where);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p));
                }
                return new YamlNode.Sequence(where, items);
            case VALUE_NULL:
                return new YamlNode.Scalar(where, "", YamlNode.ScalarType.NULL);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(where, p.getText(), YamlNode.ScalarType.BOOLEAN);
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(where, p.getText(), YamlNode.ScalarType.INTEGER);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(where, p.getText(), YamlNode.ScalarType.FLOAT);
            default:
                return new YamlNode.Scalar(where, p.getText(), YamlNode.ScalarType.STRING);
        }
    }

    private YamlNode readMapping(JsonParser p, SourceLocation where) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String key = p.currentName();
            SourceLocation keyAt = at(p.currentTokenLocation());
            p.nextToken();
            YamlNode value = readValue(p);
            YamlNode.Entry previous = entries.get(key);
            if (previous != null) {
                problems.error(keyAt, "duplicate key '" + key + "' (first written at " + previous.keyAt() + ")");
                continue;
            }
            entries.put(key, new YamlNode.Entry(key, keyAt, value));
        }
        return new YamlNode.Mapping(where, entries);
    }

    private SourceLocation at(JsonLocation loc) {
        return new SourceLocation(file, Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0));
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    /** Unwinds the parse after a problem that makes the rest of the file meaningless; already reported. */
    private static final class YamlSyntax extends RuntimeException {
        YamlSyntax() {
            super(null, null, false, false);
        }
    }
}
