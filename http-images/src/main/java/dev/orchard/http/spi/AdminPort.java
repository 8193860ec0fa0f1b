package dev.orchard.http.spi;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the admin API shows and does, implemented by {@code ops}. Every call happens on the API worker pool
 * after the admin bearer token was checked.
 * <p>Machines and explanations come back as JSON documents the port has already shaped — maps, lists,
 * strings, numbers, booleans and nulls, written as they are — because the command line prints the very same
 * documents ({@code orchard machines --json}, {@code orchard explain --json}): one serializer, in {@code ops},
 * for both. A value the port refuses (an unknown group, a bad cursor, an unparsable address) is an
 * {@link InvalidRequestException}, answered 400.
 */
public interface AdminPort {

    /** Standalone default: no machines, no images, nothing to reload or explain. */
    AdminPort NONE = new AdminPort() {
        @Override
        public Map<String, Object> machines(MachineQuery query) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("machines", List.of());
            page.put("nextCursor", null);
            page.put("next", null);
            return page;
        }

        @Override
        public Optional<Map<String, Object>> machine(String mac) {
            return Optional.empty();
        }

        @Override
        public List<ImageManifest> images() {
            return List.of();
        }

        @Override
        public Map<String, Object> explain(ExplainQuery query) {
            throw new InvalidRequestException("this server has no policy to explain");
        }

        @Override
        public AdminResult reloadPolicy() {
            return AdminResult.failed("this server has no policy file to reload");
        }

        @Override
        public AdminResult rescanImages() {
            return AdminResult.failed("this server has no image library to rescan");
        }
    };

    /**
     * One page of machines with their status and last events:
     * {@code {"machines": […], "nextCursor": …, "next": "/api/v1/machines?…"}} (the last two null on the last page).
     */
    Map<String, Object> machines(MachineQuery query) throws Exception;

    /** One machine by normalised MAC, with its whole retained history. */
    Optional<Map<String, Object>> machine(String mac) throws Exception;

    /** Block images with their manifests. */
    List<ImageManifest> images() throws Exception;

    /** What the running policy decides for a Mac, and why: the document {@code orchard explain --json} prints. */
    Map<String, Object> explain(ExplainQuery query) throws Exception;

    /** Re-reads the policy; a broken file never replaces the running policy. */
    AdminResult reloadPolicy() throws Exception;

    /** Rescans the image folders and recomputes stale manifests. */
    AdminResult rescanImages() throws Exception;

    /**
     * Issues an enrollment code for one agent run of a Mac. {@code request.mac()} is normalised;
     * {@link IllegalArgumentException} for a bad address is a 400.
     */
    default IssuedTicket issueTicket(TicketRequest request) throws Exception {
        throw new UnsupportedOperationException("this server issues no tickets");
    }

    /**
     * Journals "re-run on next boot" for a known Mac ({@code request.mac()} normalised; docs/rerun.md); an
     * unknown Mac is an {@link IllegalArgumentException} (400). The answer: mac, requestedAt, expiresAt, address.
     */
    default Map<String, Object> requestRerun(RerunRequest request) throws Exception {
        throw new UnsupportedOperationException("this server runs no agents");
    }

    /**
     * Erases the Macs {@code request} names through the MDM, or with {@code dryRun} says what would be sent to
     * each (docs/mdm.md, "The erase flow"). A name that matches nothing is an {@link InvalidRequestException}
     * (400); a missing confirmation or a reached cap an {@link AdminRefusedException} (409, 429).
     */
    default Map<String, Object> erase(EraseRequest request) throws Exception {
        throw new UnsupportedOperationException("this server erases no Macs");
    }
}
