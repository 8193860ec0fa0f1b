package dev.orchard.ops.admission;

import dev.orchard.ops.admission.AdmissionMetrics.PlanAdmission;
import dev.orchard.ops.admission.AgentAdmission.Admission;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.RunGranted;
import dev.orchard.ops.journal.TicketIssued;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why an enrollment code did not let a plan request in, told apart so that the counter and the log line say
 * what happened (docs/agent-api.md, "Enrollment codes refused"): expired, replayed (its run already used it),
 * another Mac's (stolen or mixed up), or unknown. Only asked once a code was refused; the search for another
 * Mac's code reads the journal's machine book, which holds at most four open tickets per Mac.
 */
final class CodeRefusals {

    private CodeRefusals() {
    }

    static Admission why(Journal journal, String mac, String address, String codeHash, String ticketId,
                         Optional<MachineStatus> status, RunGranted current, Instant now) {
        List<TicketIssued> mine = status.map(MachineStatus::openTickets).orElse(List.of()).stream()
                .filter(t -> TicketIssued.CODE.equals(t.origin()) && t.codeHash().equals(codeHash)).toList();
        if (mine.stream().anyMatch(t -> !now.isBefore(t.expiresAt()))) {
            return new Admission.Refused(403, "this enrollment code of " + mac + " expired at "
                    + mine.get(0).expiresAt(), PlanAdmission.CODE_EXPIRED);
        }
        if (!mine.isEmpty()) {
            return new Admission.Refused(403, "this enrollment code of " + mac + " is bound to address "
                    + mine.get(0).address() + ", not " + address, PlanAdmission.BAD_CODE);
        }
        if (current != null && current.ticketId().equals(ticketId)) {
            return new Admission.Refused(403, "this enrollment code of " + mac + " was already used (by run "
                    + current.runId() + " at " + current.receivedAt() + "); a code lets one agent run in",
                    PlanAdmission.CODE_REPLAYED);
        }
        for (MachineStatus other : journal.machines()) {
            boolean theirs = other.openTickets().stream().anyMatch(t -> codeHash.equals(t.codeHash()))
                    || (other.grant() != null && other.grant().ticketId().equals(ticketId));
            if (theirs && !other.mac().equals(mac)) {
                return new Admission.Refused(403, "this enrollment code was issued for another Mac, not " + mac,
                        PlanAdmission.CODE_OTHER_MACHINE);
            }
        }
        return new Admission.Refused(403, "this enrollment code is not valid for " + mac + " from " + address
                + " (unknown, or used by an earlier run)", PlanAdmission.BAD_CODE);
    }
}
