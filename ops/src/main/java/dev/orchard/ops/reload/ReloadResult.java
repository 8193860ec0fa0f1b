package dev.orchard.ops.reload;

import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.spi.ReloadOutcome;

import java.util.List;

/**
 * How a reload ended. {@code snapshot} is the one serving afterwards (the new one when applied, the
 * previous one otherwise); {@code problems} lists the errors that rejected it, or the new warnings.
 */
public record ReloadResult(ReloadOutcome outcome, ConfigSnapshot snapshot, List<ConfigProblem> problems) {
    public ReloadResult {
        problems = List.copyOf(problems);
    }
}
