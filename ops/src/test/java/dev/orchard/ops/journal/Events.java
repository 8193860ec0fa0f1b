package dev.orchard.ops.journal;

import java.time.Instant;

/** Canonical journal records for tests. */
final class Events {

    private Events() {
    }

    static String mac(int i) {
        return String.format("00:1b:63:00:%02x:%02x", (i >> 8) & 0xFF, i & 0xFF);
    }

    static MachineEvent progress(String mac, String runId, long seq, long done, long total) {
        return new MachineEvent(mac, runId, seq, Stage.RESTORE, null, EventResult.PROGRESS, done, total,
                "chunk " + seq, Instant.parse("2026-11-25T18:00:00Z").plusSeconds(seq), null);
    }

    static MachineSeen seen(String mac, String name) {
        return new MachineSeen(mac, "C02XK0AAJG5J", "iMac18,1", name, "art-room", "restore", "Orchard Restore", null);
    }
}
