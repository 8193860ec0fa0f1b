package dev.orchard.ops.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the meter table of {@code docs/metrics.md} from {@link OrchardMeters}, with the Prometheus
 * series names read from a real scrape (so the table shows exactly what {@code /metrics} exports). A
 * test keeps the file equal to this output; regenerate with
 * {@code java -cp ops/target/orchard.jar dev.orchard.ops.metrics.MetricsDoc > table.md}.
 */
public final class MetricsDoc {

    public static final String BEGIN = "<!-- BEGIN GENERATED METER TABLE (MetricsDoc) -->";
    public static final String END = "<!-- END GENERATED METER TABLE -->";
    private static final Pattern FAMILY = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);

    private MetricsDoc() {
    }

    public static void main(String[] args) {
        System.out.print(table());
    }

    /** The generated block, markers included. */
    public static String table() {
        String scrape = new OrchardMetrics().scrape();
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        out.append("| Prometheus series | type | tags (closed sets) | meaning |\n");
        out.append("|---|---|---|---|\n");
        for (OrchardMeters m : OrchardMeters.values()) {
            out.append("| ").append(String.join("<br>", seriesOf(m, scrape).stream().map(s -> "`" + s + "`").toList()))
                    .append(" | ").append(m.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append(m.baseUnit() == null ? "" : " (" + m.baseUnit() + ")")
                    .append(" | ").append(tags(m.tags()))
                    .append(" | ").append(m.description().replace("|", "\\|")).append(" |\n");
        }
        return out.append(END).append('\n').toString();
    }

    /** The Prometheus sample names a meter produces in {@code scrape} (e.g. {@code _total}, {@code _bucket}). */
    public static List<String> seriesOf(OrchardMeters m, String scrape) {
        String base = m.meterName().replace('.', '_');
        Set<String> names = new TreeSet<>();
        Matcher f = FAMILY.matcher(scrape);
        while (f.find()) {
            String family = f.group(1);
            if (family.equals(base) || family.equals(base + "_" + m.baseUnit()) || family.equals(base + "_seconds")
                    || family.equals(base + "_seconds_max") || family.equals(base + "_total")
                    || family.equals(base + "_" + m.baseUnit() + "_total")) {
                names.addAll(samplesOf(family, scrape));
            }
        }
        return new ArrayList<>(names);
    }

    private static Set<String> samplesOf(String family, String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher s = Pattern.compile("^(" + Pattern.quote(family) + "(_total|_count|_sum|_bucket|_max)?)[{ ]",
                Pattern.MULTILINE).matcher(scrape);
        while (s.find()) {
            out.add(s.group(1));
        }
        return out;
    }

    private static String tags(Map<String, List<String>> tags) {
        if (tags.isEmpty()) {
            return "—";
        }
        return tags.entrySet().stream().map(e -> "`" + e.getKey() + "`: " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("<br>"));
    }
}
