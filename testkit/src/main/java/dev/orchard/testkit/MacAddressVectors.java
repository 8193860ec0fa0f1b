package dev.orchard.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared MAC address test vectors ({@code mac-address-vectors.tsv} in this jar): one grammar for the
 * whole project, so every module's test feeds the same inputs through its own entry points.
 */
public final class MacAddressVectors {

    private static final String FILE = "mac-address-vectors.tsv";

    private MacAddressVectors() {
    }

    /**
     * One vector.
     *
     * @param canonical the expected canonical form, empty when the input must be rejected
     */
    public record Vector(String input, Optional<String> canonical, String why) {

        public boolean accepted() {
            return canonical.isPresent();
        }

        /** For test names: the input with whitespace and non-ASCII made visible. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("'");
            for (char c : input.toCharArray()) {
                out.append(c == ' ' ? "\\s" : c == '\t' ? "\\t" : c == '\n' ? "\\n"
                        : c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return out.append("' -> ").append(canonical.orElse("reject")).append(" (").append(why).append(')').toString();
        }
    }

    /** Every vector, in file order; fails loudly when the file is missing or a line is malformed. */
    public static List<Vector> all() {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in = MacAddressVectors.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path (testkit's resources)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 3 || cols[1].isEmpty()) {
                    throw new IllegalStateException(FILE + ":" + lineNo + ": expected input, canonical|reject, why");
                }
                String expected = cols[1];
                vectors.add(new Vector(unescape(cols[0]),
                        expected.equals("reject") ? Optional.empty() : Optional.of(expected), cols[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (vectors.isEmpty()) {
            throw new IllegalStateException(FILE + " has no vectors");
        }
        return vectors;
    }

    public static List<Vector> accepted() {
        return all().stream().filter(Vector::accepted).toList();
    }

    public static List<Vector> rejected() {
        return all().stream().filter(v -> !v.accepted()).toList();
    }

    private static String unescape(String text) {
        if (text.equals("(empty)")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 's' -> out.append(' ');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalStateException("unknown escape \\" + e + " in " + FILE);
            }
        }
        return out.toString();
    }
}
