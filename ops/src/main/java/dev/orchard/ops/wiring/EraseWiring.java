package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.mdm.AgentEnrollment;
import dev.orchard.ops.mdm.AgentPackage;
import dev.orchard.ops.mdm.DeviceLinks;
import dev.orchard.ops.mdm.EraseFlow;
import dev.orchard.ops.mdm.EraseMetrics;
import dev.orchard.ops.mdm.EraseTrigger;
import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.mdm.MdmGateway;
import dev.orchard.ops.mdm.MdmGatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The MDM erase flow inside the server (docs/mdm.md, "The erase flow"): the flow and its links resumed from
 * the journal, the admin trigger, and a tick every {@value #TICK_SECONDS} s for retries, timeouts and the
 * agent's reports. The MDM itself is reached through the gateway in use: none until one is set
 * ({@link #useGateway}; the NanoMDM gateway, configured in {@code mdm:}, is connected there), so without an
 * MDM every erase fails at its first command with "no MDM".
 */
public final class EraseWiring implements AutoCloseable {

    static final int TICK_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EraseWiring.class);

    /** Refuses every command: the server has no MDM to drive. */
    static final MdmGateway NO_MDM = (udid, uuid, request) -> {
        throw new MdmGatewayException("this server has no MDM to send " + request.requestType() + " through"
                + " (docs/mdm.md)", false, null);
    };

    private volatile MdmGateway gateway = NO_MDM;
    private final DeviceLinks links;
    private final EraseFlow flow;
    private final EraseTrigger trigger;
    private final ScheduledExecutorService timer;

    EraseWiring(Journal journal, Supplier<ConfigSnapshot> snapshots, EraseMetrics metrics, AgentPackage agent,
                AgentEnrollment enrollment, Clock clock) {
        links = new DeviceLinks(journal, snapshots);
        flow = new EraseFlow(journal, (udid, uuid, request) -> gateway.send(udid, uuid, request),
                () -> snapshots.get().config().erase(), metrics, agent, enrollment, links, clock);
        trigger = new EraseTrigger(flow, links, journal, snapshots, agent, clock);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orchard-erase-flow");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Resumes the journaled flows and starts the tick. Called once the server is fully up, after
     * {@link #useGateway}: resuming earlier would send a pending command through {@link #NO_MDM}, which
     * fails the flow for good, and a server that fails to start must not touch the flows at all.
     */
    public void start() {
        timer.execute(() -> run("resume", flow::resume));
        timer.scheduleWithFixedDelay(() -> run("tick", flow::tick), TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    /** The MDM to drive from now on (the NanoMDM gateway; a recording fake in tests). */
    public void useGateway(MdmGateway g) {
        gateway = g;
    }

    /** Where the MDM's webhook delivers command results and check-ins. */
    public MdmEventSink events() {
        return flow;
    }

    public EraseFlow flow() {
        return flow;
    }

    EraseTrigger trigger() {
        return trigger;
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void run(String what, Step step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("erase flow {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
