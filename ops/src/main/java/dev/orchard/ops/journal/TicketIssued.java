package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * A ticket that lets one agent run of this Mac have its plan (docs/agent-api.md, "Who may have a plan"):
 * issued when the Mac netbooted from this server (the BSDP ACK[SELECT] went to {@code address}), or by an
 * admin as an enrollment code. Used at most once; a {@link RunGranted} naming its id consumes it.
 *
 * @param id        random, names the ticket in the grant that consumes it
 * @param address   the IPv4 address the plan must be asked from; null for a code not bound to an address
 * @param origin    {@code netboot} or {@code code}
 * @param codeHash  for {@code code}: SHA-256 of the enrollment code, hex (the code itself is never stored)
 * @param expiresAt after this the ticket is worthless
 * @param serial    for a code the erase flow sent the Mac through its MDM: the Mac's serial number, which the
 *                  plan request must name; null when not bound to a serial (older records have none)
 */
public record TicketIssued(String mac, String id, String address, String origin, String codeHash,
                           Instant expiresAt, Instant receivedAt, String serial) implements JournalRecord {

    public static final String NETBOOT = "netboot";
    public static final String CODE = "code";

    public TicketIssued {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!NETBOOT.equals(origin) && !CODE.equals(origin)) {
            throw new IllegalArgumentException("a ticket's origin is netboot or code, not " + origin);
        }
        if (CODE.equals(origin) != (codeHash != null)) {
            throw new IllegalArgumentException("an enrollment-code ticket, and only one, has a code hash");
        }
        if (NETBOOT.equals(origin) && address == null) {
            throw new IllegalArgumentException("a netboot ticket is bound to the Mac's address");
        }
    }

    @Override
    public TicketIssued receivedAt(Instant when) {
        return new TicketIssued(mac, id, address, origin, codeHash, expiresAt, when, serial);
    }
}
