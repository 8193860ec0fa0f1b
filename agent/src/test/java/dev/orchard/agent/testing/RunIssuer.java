package dev.orchard.agent.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-ins' side of plan version 2 (docs/agent-api.md, "Who may have a plan"): every plan answered
 * starts a new run with its own token ({@code token-for-<mac>/<run>}); only the Mac's current run's token
 * is accepted with events.
 */
public final class RunIssuer {

    /** A run and its token. */
    public record Run(String id, String token) {
    }

    private final AtomicLong next = new AtomicLong(1);
    private final Map<String, Run> current = new ConcurrentHashMap<>();

    /** A new run of {@code mac}, superseding its earlier one. */
    public Run issue(String mac) {
        String id = String.format("%032x", next.getAndIncrement());
        Run run = new Run(id, "token-for-" + mac + "/" + id);
        current.put(mac, run);
        return run;
    }

    /** The run {@code token} is the current token of, or null. */
    public String runOf(String mac, String token) {
        Run run = current.get(mac);
        return run != null && run.token().equals(token) ? run.id() : null;
    }
}
