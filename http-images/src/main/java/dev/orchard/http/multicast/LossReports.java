package dev.orchard.http.multicast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The loss receivers reported with their announcements (datagrams of their stream received and missed since
 * the previous one, docs/agent-api.md), the latest per Mac; {@link #medianLoss} is what {@link AimdRate} reacts
 * to. The median, not the worst: one Mac with a bad cable or a busy CPU must not slow the stream for the whole
 * lab (it repairs over HTTP); an overloaded uplink or switch shows at most receivers. Thread-safe.
 */
final class LossReports {

    /** Fewer datagrams than this in a report say too little about the path (one datagram missed of 20 is 5 %). */
    static final long MIN_DATAGRAMS = 100;

    private record Sample(double loss, long atNanos) {
    }

    private final Map<String, Sample> latest = new HashMap<>();

    /** Keeps {@code mac}'s report when it counts enough datagrams; replaces its previous one. */
    synchronized void add(String mac, long received, long missed, long nowNanos) {
        if (received < 0 || missed < 0 || received + missed < MIN_DATAGRAMS) {
            return;
        }
        latest.put(mac, new Sample((double) missed / (received + missed), nowNanos));
    }

    /** The median loss of the reports younger than {@code maxAgeNanos} (older ones are forgotten); NaN if none. */
    synchronized double medianLoss(long nowNanos, long maxAgeNanos) {
        List<Double> fresh = new ArrayList<>();
        for (Iterator<Sample> it = latest.values().iterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (nowNanos - s.atNanos() > maxAgeNanos) {
                it.remove();
            } else {
                fresh.add(s.loss());
            }
        }
        if (fresh.isEmpty()) {
            return Double.NaN;
        }
        fresh.sort(null);
        int n = fresh.size();
        return n % 2 == 1 ? fresh.get(n / 2) : (fresh.get(n / 2 - 1) + fresh.get(n / 2)) / 2;
    }
}
