package dev.orchard.agent.backend;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.RestoreSpec;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.multicast.Fallback;
import dev.orchard.agent.multicast.MulticastPhase;
import dev.orchard.agent.multicast.ReceiveOutcome;
import dev.orchard.agent.restore.RestoreOutcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;

/**
 * The multicast phase of a block restore whose plan names a stream, as {@code restore} notices: what it got,
 * or why it fell back to HTTP alone; then, after the HTTP restore, the report of bytes by multicast and by
 * repair. Never fails the restore: a broken multicast phase only means more HTTP.
 */
final class MulticastRun {

    /** Long enough for IGMP to reach the switch and a sender to start; short enough that a fallback is cheap. */
    static final Duration FIRST_DATAGRAM = Duration.ofSeconds(5);
    static final Duration STALL = Duration.ofSeconds(3);

    private final AgentContext ctx;
    private final RestoreSpec spec;
    private final Manifest manifest;
    private final Path device;
    private final MulticastPhase phase;
    private ReceiveOutcome received;

    MulticastRun(AgentContext ctx, RestoreSpec spec, Manifest manifest, Path device) {
        this.ctx = ctx;
        this.spec = spec;
        this.manifest = manifest;
        this.device = device;
        this.phase = new MulticastPhase(ctx.api(), ctx.plan().token(), ctx.identity().mac(),
                ctx.options().http().localAddress(), FIRST_DATAGRAM, STALL,
                message -> ctx.events().notice(Stage.RESTORE, null, null, "multicast: " + message));
    }

    /** Receives what it can; returns the chunks written and verified (empty after a fallback). */
    BitSet receive() throws InterruptedException {
        try {
            received = phase.run(spec.multicast(), spec.image(), manifest, device, ctx.api().resolve(spec.url()),
                    ctx.rangeSource());
        } catch (IOException e) {
            received = ReceiveOutcome.fellBack(Fallback.JOIN_FAILED, "writing the stream to " + device + " failed: " + e);
        }
        if (received.fallback() != Fallback.NONE) {
            ctx.events().notice(Stage.RESTORE, null, null, "multicast fallback (" + received.fallback().wireName()
                    + "): " + received.detail() + "; restoring over HTTP alone");
        } else {
            ctx.events().notice(Stage.RESTORE, null, null, "multicast: " + received.summary() + "; " + received.detail());
        }
        return received.written();
    }

    /**
     * Reports bytes by multicast (from the stream, in chunks the restore then found intact) and by HTTP repair
     * (holes of chunks, and whole chunks the restore fetched).
     */
    void report(RestoreOutcome outcome) {
        long multicastBytes = Math.min(received.bytes(), outcome.bytesReused());
        long repairBytes = received.repairBytes() + outcome.bytesFetched();
        ctx.events().notice(Stage.RESTORE, null, null, "multicast totals: " + multicastBytes + " bytes by multicast, "
                + repairBytes + " by HTTP repair, " + received.wrongStream() + " datagrams of another stream dropped");
        phase.report(spec.multicast(), spec.image(), multicastBytes, repairBytes, received.fallback());
    }
}
