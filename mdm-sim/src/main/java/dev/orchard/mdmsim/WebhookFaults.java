package dev.orchard.mdmsim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Webhook faults of one Mac at a time, for a lab where many Macs share the stub: NanoMDM posts each event from its
 * own goroutine without retry ({@code service/webhook/service.go}), so one Mac's report can be lost while the
 * others' arrive, and a proxy or a restart can deliver one twice. The stub-wide switches
 * ({@link NanoMdmStub#loseNextWebhooks}, {@link NanoMdmStub#duplicateWebhooks}) hit whichever Mac comes next.
 */
final class WebhookFaults {

    /** UDID → the event kinds (a command's RequestType, or a check-in topic) whose next webhook is lost. */
    private final Map<String, Map<String, Integer>> lose = new HashMap<>();
    private final Set<String> duplicate = new HashSet<>();

    synchronized void loseNext(String udid, String about) {
        lose.computeIfAbsent(udid, u -> new HashMap<>()).merge(about, 1, Integer::sum);
    }

    synchronized void duplicate(String udid) {
        duplicate.add(udid);
    }

    /** True (once per {@link #loseNext}) when this event of this Mac is to be lost. */
    synchronized boolean takeLoss(String udid, String about) {
        Map<String, Integer> m = lose.get(udid);
        if (m == null || m.getOrDefault(about, 0) == 0) {
            return false;
        }
        m.merge(about, -1, Integer::sum);
        return true;
    }

    synchronized boolean duplicated(String udid) {
        return duplicate.contains(udid);
    }
}
