package dev.orchard.ops.journal;

import java.util.List;

/**
 * What opening the journal found: segments and records replayed, and bytes of a torn or damaged
 * tail that were cut off (never acknowledged) or skipped, with a sentence per problem.
 */
public record RecoveryReport(int segments, long records, long discardedBytes, List<String> problems) {
    public RecoveryReport {
        problems = List.copyOf(problems);
    }
}
