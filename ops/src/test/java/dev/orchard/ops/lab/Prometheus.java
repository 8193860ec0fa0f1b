package dev.orchard.ops.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Prometheus text exposition (0.0.4) well enough to sum a metric's samples by labels. */
final class Prometheus {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final java.util.regex.Pattern LABEL =
            java.util.regex.Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples = new ArrayList<>();

    Prometheus(String text) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int brace = l.indexOf('{');
            int space = l.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? l.substring(0, brace) : l.substring(0, l.indexOf(' '));
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                String body = l.substring(brace + 1, l.lastIndexOf('}'));
                java.util.regex.Matcher m = LABEL.matcher(body);
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            samples.add(new Sample(name, labels, Double.parseDouble(l.substring(space + 1))));
        }
    }

    /** Sum of every sample of {@code name} whose labels include {@code match}. */
    double sum(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
