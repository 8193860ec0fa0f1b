package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.SourceLocation;

import java.util.List;

/** One rule as {@code explain} shows it: where it is written, whether it matched, and why, field by field. */
public record RuleEvaluation(String rule, SourceLocation at, Action action, String nbi, Outcome outcome,
                             List<FieldCheck> checks) {
    public RuleEvaluation {
        checks = List.copyOf(checks);
    }
}
