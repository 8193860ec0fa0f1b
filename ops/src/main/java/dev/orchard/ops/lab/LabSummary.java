package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a finished lab: per stage p50/p99/max, throughput, and every failure with its reason.
 *
 * @param macs          Macs simulated
 * @param succeeded     Macs that reached the end state their policy asks for
 * @param expected      Macs per expected end state
 * @param stages        per stage: how many Macs went through it and how long it took
 * @param wall          from the first Mac's power-on to the last Mac's check
 * @param bytes         bytes the Macs received (TFTP, root-image ranges, agent fetches)
 * @param strayReplies  BSDP replies that matched no outstanding request (answers to retransmissions)
 * @param tftpBusyRetries TFTP fetches retried after the server's "too many transfers, try again later"
 * @param failures      the Macs that did not make it, in index order
 */
public record LabSummary(int macs, int succeeded, Map<Action, Integer> expected, Map<Stage, StageFigures> stages,
                         Duration wall, long bytes, long strayReplies, long tftpBusyRetries,
                         List<MacResult> failures) {

    /** One stage's timings over the Macs that completed it. */
    public record StageFigures(int count, Duration p50, Duration p99, Duration max) {
    }

    public LabSummary {
        expected = Map.copyOf(expected);
        stages = Map.copyOf(stages);
        failures = List.copyOf(failures);
    }

    public static LabSummary of(List<MacResult> results, Duration wall, long strayReplies, long tftpBusyRetries) {
        Map<Action, Integer> expected = new EnumMap<>(Action.class);
        Map<Stage, List<Duration>> times = new EnumMap<>(Stage.class);
        List<MacResult> failures = new ArrayList<>();
        long bytes = 0;
        for (MacResult r : results) {
            expected.merge(r.expected().action(), 1, Integer::sum);
            r.durations().forEach((stage, d) -> times.computeIfAbsent(stage, s -> new ArrayList<>()).add(d));
            bytes += r.bytes();
            if (!r.ok()) {
                failures.add(r);
            }
        }
        Map<Stage, StageFigures> stages = new EnumMap<>(Stage.class);
        times.forEach((stage, list) -> {
            list.sort(null);
            stages.put(stage, new StageFigures(list.size(), quantile(list, 0.50), quantile(list, 0.99),
                    list.get(list.size() - 1)));
        });
        return new LabSummary(results.size(), results.size() - failures.size(), expected, stages, wall, bytes,
                strayReplies, tftpBusyRetries, failures);
    }

    /** Nearest-rank quantile of a sorted, non-empty list. */
    static Duration quantile(List<Duration> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public boolean allSucceeded() {
        return succeeded == macs;
    }

    /** MiB/s received over the whole lab. */
    public double mebibytesPerSecond() {
        double s = wall.toNanos() / 1e9;
        return s <= 0 ? 0 : bytes / 1048576.0 / s;
    }

    /** Macs that reached their end state per minute. */
    public double macsPerMinute() {
        double s = wall.toNanos() / 1e9;
        return s <= 0 ? 0 : succeeded * 60.0 / s;
    }
}
