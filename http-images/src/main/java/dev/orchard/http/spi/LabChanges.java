package dev.orchard.http.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of the lab page's feed: the rows of the Macs that changed, the MACs that are gone, and the
 * position to ask from next time ({@code epoch} names one run of the server, {@code version} counts its
 * changes). The stream sends the position as the SSE event id, so a reconnecting browser resumes with
 * {@code Last-Event-ID} (WHATWG HTML, "Server-sent events").
 *
 * @param snapshot true when {@code rows} is every Mac (the page replaces its table), false for a delta
 */
public record LabChanges(String epoch, long version, boolean snapshot, List<Map<String, Object>> rows,
                         List<String> removed) {

    public LabChanges {
        Objects.requireNonNull(epoch, "epoch");
        rows = List.copyOf(rows);
        removed = List.copyOf(removed);
    }

    /** Nothing to send: no row changed and nothing was removed. */
    public boolean isEmpty() {
        return !snapshot && rows.isEmpty() && removed.isEmpty();
    }

    /** The SSE event id: {@code epoch.version}. */
    public String eventId() {
        return epoch + "." + version;
    }
}
