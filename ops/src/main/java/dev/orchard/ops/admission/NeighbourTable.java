package dev.orchard.ops.admission;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The kernel's IPv4 neighbour (ARP) table: which hardware address answers for an address on a directly
 * connected network. A TCP connection from such an address cannot be set up without the kernel resolving
 * it, so while its plan request is being answered the agent's address has an entry, and that entry names
 * the network card that really sent the request. Routed clients (behind a DHCP relay), and the local
 * host, have none: their requests are judged by address only (docs/agent-api.md).
 */
@FunctionalInterface
public interface NeighbourTable {

    /** No table: every address is judged by address only (tests, non-Linux hosts). */
    NeighbourTable NONE = address -> Optional.empty();

    /** The hardware address the kernel resolved {@code address} to, lower-case colon form, if it did. */
    Optional<String> hardwareAddress(InetAddress address);
}
