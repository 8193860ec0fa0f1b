package dev.orchard.ops.lab;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one simulated Mac ended.
 *
 * @param machine     who it was
 * @param expected    what its policy asks for
 * @param ok          true when it reached exactly that end state, every byte checked
 * @param failedStage the stage that went wrong, or null
 * @param reason      why, in one sentence (null when ok)
 * @param durations   time spent per stage, for the stages it went through
 * @param bytes       bytes it received: TFTP, root-image ranges and what the agent fetched
 * @param total       from power-on to the end of its check
 * @param agent       the agent's summary line, or null when the agent did not run
 * @param eventsDelivered events the agent delivered to the server
 * @param events      the agent's event trail ({@code stage[ step] result}), progress events left out
 */
public record MacResult(LabMachine machine, Expectation expected, boolean ok, Stage failedStage, String reason,
                        Map<Stage, Duration> durations, long bytes, Duration total, String agent, long eventsDelivered,
                        List<String> events) {

    public MacResult {
        durations = Map.copyOf(durations);
        events = List.copyOf(events);
    }
}
