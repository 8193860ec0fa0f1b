package dev.orchard.http.spi;

import java.util.Locale;
import java.util.Optional;

/** The actions the lab page offers on one Mac (docs/lab-page.md, "Actions"); a closed set. */
public enum PageAction {
    /**
     * Run the Mac again at its next boot, even when it finished: a durable one-shot mark that its next run
     * consumes (docs/rerun.md).
     */
    RERUN,
    /** Drop what the journal knows of the Mac; its current run's token stops being accepted. */
    FORGET,
    /** Let one agent run of the Mac in from anywhere: a one-time enrollment code, shown once. */
    CODE,
    /**
     * Erase the Mac through the MDM, as {@code POST /api/v1/admin/erase} does for one Mac; only for a Mac whose
     * policy action is erase, and only with its name or serial typed as the confirmation.
     */
    ERASE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PageAction> parse(String text) {
        for (PageAction a : values()) {
            if (a.wireName().equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
