package dev.orchard.ops.mdm;

/**
 * What the erase flow counts, in its own words; {@code ops.metrics} turns the verbs into Prometheus
 * counters. Tags come from closed enums only, never a MAC, serial or UDID.
 */
public interface EraseMetrics {

    /** Counts nothing: tests and a server without metrics. */
    EraseMetrics NONE = new EraseMetrics() {
        @Override
        public void requested() {
        }

        @Override
        public void eraseSent() {
        }

        @Override
        public void eraseAcknowledged() {
        }

        @Override
        public void reenrolled() {
        }

        @Override
        public void done() {
        }

        @Override
        public void failed(EraseReason reason) {
        }

        @Override
        public void sendRetried() {
        }
    };

    /** An admin's request started a flow for one Mac. */
    void requested();

    /** The MDM took the EraseDevice command (failed attempts are not counted). */
    void eraseSent();

    /** The Mac acknowledged EraseDevice (or its re-enrollment proved it erased when the acknowledgement was lost). */
    void eraseAcknowledged();

    /** The Mac enrolled again after the erase. */
    void reenrolled();

    /** The flow reached its end: the agent reported the end of its run, or there was nothing to run. */
    void done();

    /** The flow was refused, failed or timed out, for this reason. */
    void failed(EraseReason reason);

    /** A command was sent again after the MDM was unreachable. */
    void sendRetried();

    /** The life of the agent's enrollment profile (docs/mdm.md, "Letting the agent in"). */
    enum AgentProfileStep {
        /** The MDM took InstallProfile. */
        SENT,
        /** The Mac acknowledged RemoveProfile as the flow ended. */
        REMOVED,
        /** The flow ended without the Mac confirming RemoveProfile (an error, no answer, the MDM refusing). */
        REMOVAL_UNCONFIRMED
    }

    /** A step of the enrollment profile's life; counts nothing unless implemented. */
    default void agentProfile(AgentProfileStep step) {
    }
}
