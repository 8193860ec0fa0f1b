package dev.orchard.ops.mdm;

/**
 * Why a flow was refused, failed or timed out: a closed set, used as the {@code reason} tag of
 * {@code orchard_erase_failed_total} and stored in the journal.
 */
public enum EraseReason {
    /** Apple silicon without a Bootstrap Token usable for authentication: the erase would ask for a password. */
    NO_BOOTSTRAP_TOKEN,
    /** The Mac cannot Erase All Content and Settings (neither Apple silicon nor T2, or macOS older than 12). */
    NO_EACS,
    /** The answers lacked what the check needs (a SecurityInfo without its dictionary, say). */
    UNREADABLE_ANSWER,
    /** The MDM refused a command (4xx, or a failure it said is not worth retrying). */
    MDM_REFUSED,
    /** The MDM stayed unreachable (or answered 5xx) for {@code erase.answer_timeout}. */
    MDM_UNREACHABLE,
    /** The Mac answered Error or CommandFormatError. */
    COMMAND_ERROR,
    /** A query was not answered within {@code erase.answer_timeout}. */
    NO_ANSWER,
    /** The Mac did not enroll again within {@code erase.reenroll_timeout} of the erase. */
    NEVER_CAME_BACK,
    /** The agent did not report within {@code erase.agent_timeout}. */
    AGENT_SILENT,
    /** The agent reported that its run failed. */
    AGENT_FAILED;

    /** The stage a flow that ends for this reason ends in. */
    EraseStage endsIn() {
        return switch (this) {
            case NO_BOOTSTRAP_TOKEN, NO_EACS, UNREADABLE_ANSWER -> EraseStage.REFUSED;
            case NO_ANSWER, NEVER_CAME_BACK, AGENT_SILENT -> EraseStage.TIMED_OUT;
            default -> EraseStage.FAILED;
        };
    }

    public String wireName() {
        return WireNames.of(this);
    }

    public static EraseReason parse(String wire) {
        return WireNames.parse(EraseReason.class, wire, "an erase reason");
    }
}
