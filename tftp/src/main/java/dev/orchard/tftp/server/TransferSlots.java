package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.RefusalReason;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Concurrency caps, global and per client address (dnsmasq caps at 50, atftpd at 100 threads). Slots are
 * taken on the listener's event loop and given back on whichever loop the transfer ended, synchronously, so
 * a slot is free the moment its transfer has ended (no window in which a finished transfer still counts).
 * The lock is held for a few map operations once per transfer start and end.
 */
final class TransferSlots {

    private final int total;
    private final int perClient;
    private final Map<InetAddress, Integer> byClient = new HashMap<>();
    private int taken;

    TransferSlots(int total, int perClient) {
        this.total = total;
        this.perClient = perClient;
    }

    /** Takes a slot for {@code client}, or says why not (null when taken). */
    synchronized RefusalReason tryTake(InetAddress client) {
        if (taken >= total) {
            return RefusalReason.TOO_MANY_TRANSFERS;
        }
        int mine = byClient.getOrDefault(client, 0);
        if (mine >= perClient) {
            return RefusalReason.TOO_MANY_FOR_CLIENT;
        }
        byClient.put(client, mine + 1);
        taken++;
        return null;
    }

    synchronized void release(InetAddress client) {
        taken--;
        byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int taken() {
        return taken;
    }
}
