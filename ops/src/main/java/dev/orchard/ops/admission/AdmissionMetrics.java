package dev.orchard.ops.admission;

import dev.orchard.http.spi.TokenCheck;

/**
 * The metrics port of agent admission, in domain verbs; tags are the closed enums below (never a MAC or
 * an address). Implemented on Micrometer in {@code ops.metrics}.
 */
public interface AdmissionMetrics {

    /** Where a ticket came from. */
    enum TicketOrigin { NETBOOT, CODE, RERUN, MDM_PROFILE }

    /** How a plan request was judged. */
    enum PlanAdmission {
        /** A ticket was claimed: a new run started. */
        GRANTED,
        /** The current run's claim or token asked again: a new run follows it on the same ticket. */
        RESUMED,
        /** Neither a claim nor a run token was sent (an agent older than plan version 2, or not an agent). */
        NO_CREDENTIALS,
        /** No live ticket for this Mac from this address. */
        NO_TICKET,
        /** The sender's hardware address is not the Mac's. */
        WRONG_HARDWARE,
        /** This boot's ticket was claimed by another agent run. */
        ALREADY_CLAIMED,
        /** An enrollment code that is unknown, or used and no longer traceable, or bound to another address. */
        BAD_CODE,
        /** An enrollment code of this Mac that has expired. */
        CODE_EXPIRED,
        /** An enrollment code of this Mac that its current run already used (a replay). */
        CODE_REPLAYED,
        /** An enrollment code issued for another Mac (another MAC, or another serial): stolen or mixed up. */
        CODE_OTHER_MACHINE,
        /** A run token that is not this Mac's current, unexpired one. */
        BAD_TOKEN
    }

    void ticketIssued(TicketOrigin origin);

    void planAdmission(PlanAdmission result);

    void tokenRefused(TokenCheck.Refusal reason);

    AdmissionMetrics NOOP = new AdmissionMetrics() {
        @Override
        public void ticketIssued(TicketOrigin origin) {
        }

        @Override
        public void planAdmission(PlanAdmission result) {
        }

        @Override
        public void tokenRefused(TokenCheck.Refusal reason) {
        }
    };
}
