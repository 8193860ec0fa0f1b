package dev.orchard.ops.metrics;

import java.util.List;

/**
 * The catalogue of every meter Orchard exports: name, type, base unit, tags (closed sets only, never
 * a MAC or an IP) and what it means. Dashboards and docs are written against this list; a meter not
 * listed here is not exported. Prometheus names follow Micrometer's rules: dots become underscores and
 * counters get {@code _total} ({@code orchard.config.reloads} → {@code orchard_config_reloads_total}).
 *
 * <p>Later modules' metrics ports (BSDP, TFTP, HTTP, plans) add their entries here.
 */
public enum OrchardMeters {

    CONFIG_RELOADS("orchard.config.reloads", Type.COUNTER, null, List.of("result"),
            "Configuration reload attempts by result: applied, unchanged, rejected (a rejected reload keeps the"
                    + " previous configuration serving)."),
    JOURNAL_RECORDS("orchard.journal.records", Type.COUNTER, "records", List.of(),
            "Records made durable in the status journal."),
    JOURNAL_FSYNC("orchard.journal.fsync", Type.TIMER, null, List.of(),
            "Duration of each group-commit fsync; count = number of commits."),
    JOURNAL_DUPLICATES("orchard.journal.duplicates", Type.COUNTER, "records", List.of(),
            "Retried agent events acknowledged without being stored twice (same MAC, run id and seq)."),
    JOURNAL_DISCARDED("orchard.journal.discarded", Type.COUNTER, "bytes", List.of(),
            "Bytes of a torn or damaged tail cut off the journal at start (never acknowledged)."),
    JOURNAL_COMPACTIONS("orchard.journal.compactions", Type.COUNTER, null, List.of(),
            "Compactions of sealed journal segments.");

    /** Meter kinds, as Micrometer registers them. */
    public enum Type {
        COUNTER, TIMER, GAUGE, DISTRIBUTION_SUMMARY
    }

    private final String meterName;
    private final Type type;
    private final String baseUnit;
    private final List<String> tagKeys;
    private final String description;

    OrchardMeters(String meterName, Type type, String baseUnit, List<String> tagKeys, String description) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.tagKeys = tagKeys;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    /** Null when the meter counts events. */
    public String baseUnit() {
        return baseUnit;
    }

    public List<String> tagKeys() {
        return tagKeys;
    }

    public String description() {
        return description;
    }
}
