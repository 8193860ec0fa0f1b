package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;

/**
 * What a simulated Mac goes through, in order. The firmware's part: {@link #BSDP} (INFORM[LIST] to
 * ACK[SELECT]), {@link #TFTP} (booter and kernelcache), {@link #HTTP_ROOT} (ranged reads of the root
 * image). The restore environment's part, the agent: {@link #PLAN}, then one of {@link #RESTORE},
 * {@link #INSTALL}, {@link #THIN}. Then the lab's own {@link #CHECK} of the end state. A modern Mac has no
 * firmware part: {@link #ERASE} (through the MDM), then the agent and the check.
 */
public enum Stage {
    BSDP("bsdp"),
    TFTP("tftp"),
    HTTP_ROOT("http-root"),
    /** A modern Mac: from the erase asked for to the agent's package downloaded (docs/lab.md, "Modern Macs"). */
    ERASE("erase"),
    PLAN("plan"),
    RESTORE("restore"),
    INSTALL("install"),
    THIN("thin"),
    CHECK("check");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The agent's stage for a plan action, or null for {@code none} (the plan request is the whole story). */
    public static Stage forAction(Action action) {
        return switch (action) {
            case RESTORE -> RESTORE;
            case INSTALL -> INSTALL;
            case THIN -> THIN;
            case ERASE -> THIN; // after the erase the agent runs the policy's workflow in full macOS
            case NONE -> null;
        };
    }
}
