package dev.orchard.ops.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a policy does with a Mac; the names are the ones written in YAML and sent in the plan. */
public enum Action {
    /** Stream a block image onto the disk, then run the optional workflow. */
    RESTORE,
    /** Install macOS from an installer, then run the workflow (the hand-off to thin). */
    INSTALL,
    /** Run a workflow on the installed system only. */
    THIN,
    /** Not offered a netboot, and the plan says there is nothing to do. */
    NONE,
    /**
     * An Apple silicon or T2 Mac, which cannot NetBoot: never offered a netboot; an admin's erase request
     * wipes it through the MDM (Erase All Content and Settings), and after it re-enrolls its agent runs the
     * optional workflow as a thin plan (docs/mdm.md, "The erase flow").
     */
    ERASE;

    /** True when BSDP offers this Mac a netboot image (the agent then runs in the NBI). */
    public boolean netboots() {
        return this == RESTORE || this == INSTALL || this == THIN;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String text) {
        for (Action a : values()) {
            if (a.yamlName().equals(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an action; expected one of: "
                + Arrays.stream(values()).map(Action::yamlName).collect(Collectors.joining(", ")));
    }
}
