package dev.orchard.ops.mdm;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows the agent of an erased Mac through the journal: InstallEnterpriseApplication is acknowledged
 * before the package is installed (Apple, "Install Enterprise Application Command"), so only the agent's
 * own events — posted to the agent API as on Intel and journaled there — say it runs, and its {@code done}
 * event says how its run ended.
 */
final class AgentReports {

    private AgentReports() {
    }

    /** The next step of a flow waiting for its agent, or empty while nothing changed. */
    static Optional<EraseStep> follow(EraseStep s, Journal journal, Duration timeout, Instant now) {
        Optional<MachineEvent> last = journal.machine(dev.orchard.ops.config.MacAddress.parse(s.mac()))
                .flatMap(AgentReports::lastEvent)
                .filter(e -> e.receivedAt() != null && !e.receivedAt().isBefore(s.stageSince()));
        EraseStage stage = EraseSteps.stage(s);
        if (last.isPresent() && last.get().stage() == Stage.DONE && last.get().result() != EventResult.STARTED
                && last.get().result() != EventResult.PROGRESS) {
            MachineEvent e = last.get();
            return Optional.of(e.result() == EventResult.FAILED
                    ? EraseSteps.ended(s, EraseStage.FAILED, EraseReason.AGENT_FAILED, "the agent's run failed"
                    + (e.message() == null ? "" : ": " + e.message()), now)
                    : EraseSteps.to(s, EraseStage.DONE, null, "the agent finished its run", now));
        }
        if (stage == EraseStage.AGENT_PACKAGE_SENT && last.isPresent()) {
            return Optional.of(EraseSteps.to(s, EraseStage.AGENT_REPORTED, null, "the agent runs ("
                    + last.get().stage().wireName() + " " + last.get().result().wireName() + ")", now));
        }
        Instant heard = last.map(MachineEvent::receivedAt).orElse(s.stageSince());
        if (Duration.between(heard, now).compareTo(timeout) > 0) {
            return Optional.of(EraseSteps.ended(s, EraseStage.TIMED_OUT, EraseReason.AGENT_SILENT,
                    (last.isEmpty() ? "the agent never reported" : "the agent has not reported") + " within "
                            + timeout + (stage == EraseStage.AGENT_PACKAGE_SENT ? " of its package being sent" : ""),
                    now));
        }
        return Optional.empty();
    }

    /** The newest event the journal applied (events of one run may share a timestamp; the order is theirs). */
    private static Optional<MachineEvent> lastEvent(MachineStatus m) {
        return m.stage() == null ? Optional.empty() : Optional.ofNullable(m.lastByStage().get(m.stage()));
    }
}
