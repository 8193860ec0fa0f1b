package dev.orchard.agent;

import dev.orchard.agent.api.Stage;
import dev.orchard.agent.run.ExitStatus;

import java.time.Duration;
import java.util.Locale;

/**
 * The last line the agent prints, for NBI startup scripts: fixed keys in a fixed order, values without
 * spaces except the quoted message, e.g.
 * <pre>orchard-agent result=failed exit=8 reason=verify-failed action=restore stage=restore seconds=41.2 fetched=268435456 reused=0 events=delivered message="chunk 17 …"</pre>
 */
final class SummaryLine {

    static final String PREFIX = "orchard-agent";

    private SummaryLine() {
    }

    static String format(ExitStatus status, String action, Stage stage, Duration elapsed, long fetched, long reused,
                         String events, String message) {
        StringBuilder s = new StringBuilder(PREFIX)
                .append(" result=").append(status == ExitStatus.OK ? "ok" : "failed")
                .append(" exit=").append(status.code());
        if (status != ExitStatus.OK) {
            s.append(" reason=").append(status.label());
        }
        s.append(" action=").append(action == null ? "-" : action)
                .append(" stage=").append(stage == null ? "-" : stage.wire())
                .append(" seconds=").append(String.format(Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0))
                .append(" fetched=").append(fetched)
                .append(" reused=").append(reused)
                .append(" events=").append(events);
        if (message != null && !message.isBlank()) {
            s.append(" message=\"").append(oneLine(message)).append('"');
        }
        return s.toString();
    }

    private static String oneLine(String message) {
        String flat = message.replace('\n', ' ').replace('\r', ' ').replace("\"", "'");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
