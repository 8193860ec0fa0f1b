package dev.orchard.http.spi;

/**
 * Produces the Prometheus text exposition for {@code /metrics} ({@code ops} hands in its registry's
 * {@code scrape()}). Called on the API worker pool.
 */
@FunctionalInterface
public interface MetricsScrape {

    /** The content type of the Prometheus text format 0.0.4. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Standalone default: an empty exposition. */
    MetricsScrape EMPTY = () -> "";

    String scrape() throws Exception;
}
