package dev.orchard.ops.mdm;

/**
 * Where a Mac's erase flow is (docs/mdm.md, "The erase flow"), in the order a flow goes through them; the
 * last four end it. The wire names are what the journal stores and what {@code orchard machines} shows.
 */
public enum EraseStage {
    /** An admin asked; nothing sent yet. */
    REQUESTED,
    /** DeviceInformation, then SecurityInfo, asked: can this Mac be erased without a password? */
    QUERYING,
    /** The answers say yes; the EraseDevice command is next. */
    SECURITY_CHECKED,
    /** EraseDevice is queued at the MDM (or about to be: see {@code handedOver}). */
    ERASE_SENT,
    /** The Mac acknowledged EraseDevice; it erases itself and comes back through Automated Device Enrollment. */
    ERASE_ACKNOWLEDGED,
    /** The Mac enrolled again (its TokenUpdate check-in after the erase). */
    REENROLLED,
    /**
     * InstallProfile of the agent's enrollment profile is queued: a one-time code for this Mac and the server's URL,
     * which the agent reads from its managed preferences (docs/mdm.md, "Letting the agent in").
     */
    PROFILE_SENT,
    /**
     * InstallEnterpriseApplication of the agent's package is queued. Apple acknowledges it before the install
     * happens, so its acknowledgement proves nothing: only the agent's own report does.
     */
    AGENT_PACKAGE_SENT,
    /** The agent, running in full macOS, fetched its plan and reports over the agent API. */
    AGENT_REPORTED,
    /**
     * The flow's outcome is known (in {@code reason} and {@code detail}: none for done) and RemoveProfile takes the
     * enrollment profile off the Mac first, so that its code does not linger; the flow then ends with that outcome.
     */
    PROFILE_REMOVING,
    /** The agent reported the end of its run, or the Mac re-enrolled and there is no workflow to run. */
    DONE,
    /** Not erased: the answers say the erase would stop at a password or cannot run (reason says which). */
    REFUSED,
    /** The MDM refused a command, or the Mac answered Error, or the agent's run failed. */
    FAILED,
    /** The Mac did not answer or come back in time. */
    TIMED_OUT;

    public String wireName() {
        return WireNames.of(this);
    }

    public static EraseStage parse(String wire) {
        return WireNames.parse(EraseStage.class, wire, "an erase stage");
    }

    /** True for the stages that end a flow; a new request may start another. */
    public boolean terminal() {
        return this == DONE || this == REFUSED || this == FAILED || this == TIMED_OUT;
    }
}
