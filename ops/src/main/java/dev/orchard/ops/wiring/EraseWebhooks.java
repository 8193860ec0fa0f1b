package dev.orchard.ops.wiring;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.mdm.EraseFlow;
import dev.orchard.ops.mdm.EraseStage;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Outbound webhooks for the MDM erase flow (docs/webhooks.md, "Erase flow stages"). The flow tells of each step
 * once it is journaled ({@link EraseFlow#onJournaled}, given to {@link #start}), every stage in order; off the flow's lock, a step that
 * entered another stage is offered to the dispatcher (a failure when it ends the flow without the Mac set up),
 * and once the outbox holds it, the stage is noted in {@link ErasesOffered}. At start, a Mac whose journaled stage
 * is not the one noted — journaled in the moment before a crash, not yet in the outbox — is offered then: at
 * least once across a restart, as the agent's events are.
 */
final class EraseWebhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EraseWebhooks.class);
    private static final long OUTBOX_WAIT_SECONDS = 30;

    private final Journal journal;
    private final WebhookDispatcher dispatcher;
    private final ErasesOffered offered;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orchard-erase-webhooks");
        t.setDaemon(true);
        return t;
    });

    private EraseWebhooks(Journal journal, WebhookDispatcher dispatcher, ErasesOffered offered) {
        this.journal = journal;
        this.dispatcher = dispatcher;
        this.offered = offered;
    }

    /**
     * Sends the erase flow's stages to the webhooks, first those journaled but never offered; null when there
     * are no webhooks (then the note of what was offered is dropped: webhooks configured later start from the
     * journal as it is then, not with every stage of the time without them).
     */
    static EraseWebhooks start(Journal journal, Consumer<Consumer<EraseStep>> onJournaled,
                               WebhookDispatcher dispatcher, Path folder)
            throws IOException {
        Path file = folder.resolve(ErasesOffered.FILE_NAME);
        if (dispatcher == null) {
            Files.deleteIfExists(file);
            return null;
        }
        ErasesOffered offered = ErasesOffered.load(file, journal.machines());
        EraseWebhooks hooks = new EraseWebhooks(journal, dispatcher, offered);
        for (MachineStatus m : journal.machines()) {
            if (m.erase() != null && !offered.has(m.erase())) {
                LOG.info("webhooks: the erase stage {} of {} was journaled but not offered before the last stop;"
                        + " offering it now", m.erase().stage(), m.mac());
                hooks.journaled(m.erase());
            }
        }
        onJournaled.accept(hooks::journaled);
        return hooks;
    }

    /** A step the flow journaled; called under its lock, so only handed to the worker. */
    void journaled(EraseStep step) {
        try {
            worker.execute(() -> offer(step));
        } catch (RejectedExecutionException e) {
            // closing: the stage is offered at the next start (it is journaled, not noted as offered)
        }
    }

    private void offer(EraseStep step) {
        if (offered.has(step)) {
            return; // the same stage again (its command handed over, or a resumed flow): sent once
        }
        MachineStatus m = journal.machine(MacAddress.parse(step.mac())).orElse(null);
        if (m == null) {
            return; // forgotten meanwhile
        }
        EraseStage stage = EraseStage.parse(step.stage());
        try {
            dispatcher.offerErase(step, m, stage.terminal(), stage.terminal() && stage != EraseStage.DONE)
                    .toCompletableFuture().get(OUTBOX_WAIT_SECONDS, TimeUnit.SECONDS);
            offered.note(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("webhooks: the erase stage {} of {} was not queued: {}", step.stage(), step.mac(), e.toString());
        }
    }

    @Override
    public void close() throws Exception {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
