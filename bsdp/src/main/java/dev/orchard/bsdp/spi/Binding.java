package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * A Mac's last successful SELECT on this server: Apple's {@code /var/db/bsdpd_clients} entry. The next
 * ACK[LIST] to that Mac carries the image as sub-option 8, so an unattended reboot boots it again.
 *
 * @param mac        the Mac
 * @param image      the image it selected
 * @param hostNumber its number for the machine name ({@code NetBoot%03d}); stable while the binding lives
 * @param boundAt    when it last selected
 */
public record Binding(MacAddress mac, BootImageId image, int hostNumber, Instant boundAt) {
    public Binding {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(boundAt, "boundAt");
        if (hostNumber < 1) {
            throw new IllegalArgumentException("host numbers start at 1, was " + hostNumber);
        }
    }
}
