package dev.orchard.ops.metrics;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/metrics.md holds exactly the table {@link MetricsDoc} generates from the catalogue and a real scrape. */
class MetricsDocTest {

    @Test
    void docsMetricsMdAgreesWithTheCatalogue() throws Exception {
        Path doc = Path.of("..", "docs", "metrics.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(MetricsDoc.BEGIN);
        int end = text.indexOf(MetricsDoc.END);
        assertThat(begin).as("%s has the generated-table markers", doc).isNotNegative();
        String expected = MetricsDoc.table();
        String actual = text.substring(begin, end + MetricsDoc.END.length() + 1);
        if (!actual.equals(expected)) {
            Path regenerated = Path.of("target", "metrics-table.md");
            Files.writeString(regenerated, expected);
            assertThat(actual).as("docs/metrics.md is out of date; the generated table is in " + regenerated
                    + " (or run java -cp ops/target/orchard.jar dev.orchard.ops.metrics.MetricsDoc)").isEqualTo(expected);
        }
    }

    @Test
    void everyMeterHasSeriesInTheScrape() {
        String scrape = new OrchardMetrics().scrape();
        for (OrchardMeters m : OrchardMeters.values()) {
            assertThat(MetricsDoc.seriesOf(m, scrape)).as("%s", m).isNotEmpty();
        }
    }
}
