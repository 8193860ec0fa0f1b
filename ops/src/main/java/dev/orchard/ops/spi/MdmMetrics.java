package dev.orchard.ops.spi;

/**
 * The metrics port of the MDM driver (docs/mdm.md), in domain verbs: commands handed to the MDM and webhook
 * events received from it. Tags are closed enums: never a UDID, serial, MAC or address.
 * {@code metrics.MicrometerMdmMetrics} is the production implementation; {@link #NOOP} the default.
 */
public interface MdmMetrics {

    /** The Apple commands Orchard sends. */
    enum Command { ERASE_DEVICE, DEVICE_INFORMATION, SECURITY_INFO, INSTALL_ENTERPRISE_APPLICATION, INSTALL_PROFILE,
        REMOVE_PROFILE }

    /** What came of handing one command to the MDM. */
    enum Outcome {
        /** Queued and pushed. */
        SENT,
        /** Queued, but the APNs push failed (the Mac gets it at its next connection; a retry pushes). */
        QUEUED_NOT_PUSHED,
        /** The MDM was unreachable, timed out or answered 5xx (retryable). */
        MDM_UNAVAILABLE,
        /** Not sendable, or refused for good (key refused, wrong URL, not allowed for a Mac). */
        REFUSED
    }

    /** What came of one webhook POST. */
    enum Webhook {
        /** A device's answer to a command (or Idle). */
        COMMAND_REPORT,
        /** Authenticate, TokenUpdate or CheckOut. */
        CHECK_IN,
        /** Well-formed but of no use to Orchard (other check-ins, unknown topics). */
        IGNORED,
        /** Missing or wrong signature. */
        UNAUTHENTICATED,
        /** Signed, but not an event Orchard can read. */
        MALFORMED
    }

    void commandSent(Command command, Outcome outcome);

    void webhookReceived(Webhook outcome);

    MdmMetrics NOOP = new MdmMetrics() {
        @Override
        public void commandSent(Command command, Outcome outcome) {
        }

        @Override
        public void webhookReceived(Webhook outcome) {
        }
    };
}
