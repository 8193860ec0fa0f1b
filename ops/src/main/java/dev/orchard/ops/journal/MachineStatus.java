package dev.orchard.ops.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is known about one machine, built from the journal: a row of {@code orchard machines} and the
 * body of {@code GET /api/v1/machines/{mac}}. Immutable; a new one is published after each commit.
 *
 * @param stage       the stage of the latest event (null before the first event)
 * @param result      the result of the latest event
 * @param progress    percent done of the current stage when the agent reported bytes, else null
 * @param lastSeen    when the server last heard of the machine
 * @param lastByStage the latest event of each stage
 * @param history     the latest records, oldest first, at most {@link JournalOptions#historyPerMachine()}
 * @param openTickets tickets not yet used by an agent run (some may have expired)
 * @param grant       the current agent run's grant, or null before the first
 * @param erase       the erase flow's newest step (docs/mdm.md), or null when the Mac was never erased
 * @param mdmLink     how the MDM knows this Mac (its UDID), or null before a check-in named it
 * @param rerun       an admin's "re-run on next boot" not yet consumed by a run, or null (docs/rerun.md)
 */
public record MachineStatus(String mac, String serial, String model, String name, String policy, String action,
                            String runId, Stage stage, String step, EventResult result, Long bytesDone,
                            Long bytesTotal, Double progress, String message, Instant lastSeen,
                            Map<Stage, MachineEvent> lastByStage, List<JournalRecord> history,
                            List<TicketIssued> openTickets, RunGranted grant, EraseStep erase,
                            MdmDeviceLinked mdmLink, RerunRequested rerun) {

    public MachineStatus {
        lastByStage = Map.copyOf(lastByStage);
        history = List.copyOf(history);
        openTickets = List.copyOf(openTickets);
    }
}
