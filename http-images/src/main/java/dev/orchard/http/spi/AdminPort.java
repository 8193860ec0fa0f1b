package dev.orchard.http.spi;

import java.util.List;
import java.util.Optional;

/**
 * What the admin API shows and does, implemented by {@code ops}. Every call happens on the API worker pool
 * after the admin bearer token was checked.
 */
public interface AdminPort {

    /** Standalone default: no machines, no images, nothing to reload. */
    AdminPort NONE = new AdminPort() {
        @Override
        public List<MachineStatus> machines() {
            return List.of();
        }

        @Override
        public Optional<MachineStatus> machine(String mac) {
            return Optional.empty();
        }

        @Override
        public List<ImageManifest> images() {
            return List.of();
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

    /** Machines with their last events. */
    List<MachineStatus> machines() throws Exception;

    /** One machine by normalised MAC. */
    Optional<MachineStatus> machine(String mac) throws Exception;

    /** Block images with their manifests. */
    List<ImageManifest> images() throws Exception;

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
}
