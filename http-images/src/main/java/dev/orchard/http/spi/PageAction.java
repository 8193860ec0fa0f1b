package dev.orchard.http.spi;

import java.util.Locale;
import java.util.Optional;

/** The actions the lab page offers on one Mac (docs/lab-page.md, "Actions"); a closed set. */
public enum PageAction {
    /** Let the Mac's next agent run in without a new netboot: a one-time enrollment code, shown once. */
    RERUN,
    /** Drop what the journal knows of the Mac; its current run's token stops being accepted. */
    FORGET;

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
