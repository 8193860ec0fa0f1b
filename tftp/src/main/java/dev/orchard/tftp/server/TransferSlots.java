package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.RefusalReason;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Concurrency caps, global and per client address (dnsmasq caps at 50, atftpd at 100 threads). Used only
 * on the listener's event loop, where transfers also end, so it needs no locks.
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
    RefusalReason tryTake(InetAddress client) {
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

    void release(InetAddress client) {
        taken--;
        byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    int taken() {
        return taken;
    }
}
