package dev.orchard.http.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lab page (docs/lab-page.md) asks of the outside world, implemented by {@code ops}: the Macs as
 * rows, a change feed to stream them from, one Mac's history, the server's overview, and the two actions.
 * Documents are plain JSON values (maps, lists, strings, numbers, booleans, nulls) that the page's scripts
 * read as they are. Every call but {@link #subscribe} happens on the API worker pool after the session was
 * checked.
 */
public interface LabPagePort {

    /** Standalone default: no Macs, nothing changes, no actions. */
    LabPagePort NONE = new LabPagePort() {
        @Override
        public LabChanges changes(String epoch, long since) {
            return new LabChanges("none", 0, true, List.of(), List.of());
        }

        @Override
        public AutoCloseable subscribe(Runnable changed) {
            return () -> { };
        }

        @Override
        public Optional<Map<String, Object>> machine(String mac) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> server() {
            return Map.of("listeners", List.of(), "images", List.of());
        }

        @Override
        public AdminResult act(String mac, PageAction action) {
            return AdminResult.failed("this server has no journal to act on");
        }
    };

    /**
     * The rows that changed after version {@code since} of feed {@code epoch}; every row (a snapshot) when
     * the epoch is not the feed's (a restarted server, a first connection) or {@code since} is older than
     * what the feed remembers. Each Mac appears at most once, with its latest state: a storm of events of one
     * Mac between two calls costs one row.
     */
    LabChanges changes(String epoch, long since) throws Exception;

    /**
     * Calls {@code changed} (on the journal's writer thread: it must only schedule work) whenever rows may
     * have changed; closing the handle stops the calls.
     */
    AutoCloseable subscribe(Runnable changed);

    /** The machine page's document: row, runs with their stages, explain trace; empty for an unknown Mac. */
    Optional<Map<String, Object>> machine(String mac) throws Exception;

    /** The server page's document: listeners, images, configuration version and last reload, throughput. */
    Map<String, Object> server() throws Exception;

    /** Carries out an admin action on a Mac (journaled); not {@code ok} is answered 422 with the message. */
    AdminResult act(String mac, PageAction action) throws Exception;

    /**
     * As {@link #act(String, PageAction)}, with what the admin typed to confirm it ({@code confirm} query
     * parameter, empty when none): an erase must name the Mac (docs/lab-page.md, "Actions").
     */
    default AdminResult act(String mac, PageAction action, String confirmation) throws Exception {
        return act(mac, action);
    }
}
