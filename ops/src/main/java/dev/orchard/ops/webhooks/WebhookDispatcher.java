package dev.orchard.ops.webhooks;

import dev.orchard.ops.config.Webhook;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Outbound webhooks (docs/webhooks.md): turns each stored agent event into a signed JSON POST to every receiver
 * whose {@code events:} want it, through the durable {@link Outbox}, at least once, retried with backoff.
 * {@link #offer} completes when the deliveries are durable, so the agent API can answer 202 only then; it
 * never fails (a disk that refuses the outbox is logged: the event is in the journal anyway).
 *
 * <pre>{@code
 * try (WebhookDispatcher hooks = WebhookDispatcher.start(dataDir.resolve("webhooks"), config.webhooks(),
 *         secrets, metrics, Clock.systemUTC())) {
 *     hooks.offer(storedEvent, journal.machine(mac).orElse(null)).toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** The outbox file is rewritten (only what waits) when it grows beyond this and 4 × what waits. */
    static final long COMPACT_ABOVE = 4L << 20;

    private final Outbox outbox;
    private final ScheduledExecutorService scheduler;
    private final List<Receiver> receivers;
    private final Clock clock;

    private WebhookDispatcher(Outbox outbox, ScheduledExecutorService scheduler, List<Receiver> receivers, Clock clock) {
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.receivers = receivers;
        this.clock = clock;
    }

    /**
     * Opens the outbox in {@code folder} and starts sending what it holds.
     *
     * @param secrets each webhook's signing secret, by URL (read and checked by the startup check)
     */
    public static WebhookDispatcher start(Path folder, List<Webhook> hooks, Map<String, String> secrets,
                                          WebhookMetrics metrics, Clock clock) throws IOException {
        Map<String, Integer> caps = new LinkedHashMap<>();
        hooks.forEach(h -> caps.put(h.url(), h.maxPending()));
        Outbox outbox = Outbox.open(folder, caps, COMPACT_ABOVE, metrics);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "orchard-webhooks");
            t.setDaemon(true);
            return t;
        });
        // a retry waiting minutes must not hold up a stop: what waits is in the outbox for the next start
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        List<Receiver> receivers = new ArrayList<>();
        for (Webhook h : hooks) {
            String secret = secrets.get(h.url());
            if (secret == null) {
                throw new IllegalArgumentException("no secret for webhook " + Receiver.printable(h.url()));
            }
            receivers.add(new Receiver(h, secret, outbox, scheduler, metrics, clock));
        }
        WebhookDispatcher d = new WebhookDispatcher(outbox, scheduler, List.copyOf(receivers), clock);
        d.receivers.forEach(Receiver::wake);
        if (!hooks.isEmpty()) {
            LOG.info("webhooks: {} receiver(s), outbox {}", hooks.size(), folder);
        }
        return d;
    }

    /**
     * Queues the event for every receiver that wants it; the stage completes once that is durable. A retried
     * event (same MAC, run id and seq) that is still waiting or was delivered recently is not queued twice.
     *
     * @param status what the journal knows of the Mac (name, serial, policy), or null
     */
    public CompletionStage<Void> offer(MachineEvent event, MachineStatus status) {
        MachineEvent stamped = event.receivedAt() != null ? event : event.receivedAt(clock.instant());
        Optional<WebhookPayload> payload = WebhookPayload.of(stamped, status);
        if (payload.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return queue(payload.get());
    }

    /**
     * Queues an MDM erase flow's stage change (docs/webhooks.md, "Erase flow stages") for every receiver that
     * wants it; completes once that is durable.
     *
     * @param ended  the stage ends the flow
     * @param failed it ends it without the Mac erased and set up (a failure for the receivers)
     */
    public CompletionStage<Void> offerErase(EraseStep step, MachineStatus status, boolean ended, boolean failed) {
        return queue(WebhookPayload.ofErase(step, status, ended, failed));
    }

    private CompletionStage<Void> queue(WebhookPayload p) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Receiver> woken = new ArrayList<>();
        for (Receiver r : receivers) {
            if (r.hook().events().contains(p.trigger())) {
                deliveries.add(new Delivery(r.hook().url(), p.id(), p.type(), clock.instant(), p.body()));
                woken.add(r);
            }
        }
        if (deliveries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return outbox.add(deliveries).handle((ok, failed) -> {
            if (failed != null) {
                LOG.warn("webhooks: {} {} is not in the outbox ({}); it is sent only if this process keeps running",
                        p.type(), p.id(), failed.getMessage());
            }
            woken.forEach(Receiver::wake);
            return null;
        });
    }

    /** Deliveries waiting now, over every receiver. */
    public long waiting() {
        return outbox.waiting();
    }

    /** Stops sending; what still waits is in the outbox and is sent after the next start. */
    @Override
    public void close() {
        receivers.forEach(Receiver::close);
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.close();
    }
}
