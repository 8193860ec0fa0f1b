package dev.orchard.ops.lab;

/**
 * What the lab does to one modern Mac's MDM path (docs/lab.md, "Modern Macs"), and so what it must end with.
 * Each fault is one the erase flow claims to absorb (docs/mdm.md, "Nothing sent twice, nothing lost").
 */
public enum MdmFault {
    /** No fault: the flow must reach {@code done}. */
    NONE("erase"),
    /**
     * The webhook of the Mac's EraseDevice acknowledgement is lost (NanoMDM does not retry a webhook): its
     * check-in after the erase must stand in for it, and the flow still reach {@code done}.
     */
    LOST_WEBHOOK("erase"),
    /** Every webhook of the Mac is delivered twice: nothing may be sent twice, and the flow reach {@code done}. */
    DUPLICATED_WEBHOOK("erase"),
    /**
     * The Mac acknowledges EraseDevice, wipes itself and never enrolls again: the flow must end
     * {@code timed-out (never-came-back)} after {@code erase.reenroll_timeout}. That is the right end, not a
     * failure of Orchard.
     */
    NEVER_BACK("erase timed-out (never-came-back)");

    private final String endState;

    MdmFault(String endState) {
        this.endState = endState;
    }

    /** The end state the lab expects, in words ({@code erase}, {@code erase timed-out (never-came-back)}). */
    public String endState() {
        return endState;
    }
}
