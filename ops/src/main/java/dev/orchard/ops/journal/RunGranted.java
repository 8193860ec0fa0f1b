package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent run of this Mac was let in: it claimed ticket {@code ticketId} with its claim secret and got
 * its plan and the run token for {@code runId}. The newest grant is the Mac's current run; tokens of
 * earlier runs are refused (docs/agent-api.md, "Run tokens").
 *
 * @param claimHash SHA-256 of the agent's claim secret, hex: the same claim asks again for the same run
 * @param address   the address the plan was asked from
 * @param expiresAt the run token's end
 */
public record RunGranted(String mac, String runId, String ticketId, String claimHash, String address,
                         Instant expiresAt, Instant receivedAt) implements JournalRecord {

    public RunGranted {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(claimHash, "claimHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public RunGranted receivedAt(Instant when) {
        return new RunGranted(mac, runId, ticketId, claimHash, address, expiresAt, when);
    }
}
