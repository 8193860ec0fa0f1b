package dev.orchard.ops.wiring;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.mdm.EraseStage;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Outbound webhooks for the MDM erase flow (docs/webhooks.md, "Erase flow stages"): after each journal commit
 * the Macs that changed are looked at off the journal's thread, and a Mac whose flow entered another stage
 * (by its wire name: a stage added to the flow is sent as it is) is offered to the dispatcher — a failure when
 * the stage ends the flow without the Mac set up. The stages the journal holds at start are taken as already
 * sent: a stage journaled in the moment before a crash, and not yet offered, is not sent after the restart.
 */
final class EraseWebhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EraseWebhooks.class);

    private final Journal journal;
    private final WebhookDispatcher dispatcher;
    /** Per Mac, "flow id / stage" last offered. */
    private final Map<String, String> offered = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orchard-erase-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable subscription;

    private EraseWebhooks(Journal journal, WebhookDispatcher dispatcher) {
        this.journal = journal;
        this.dispatcher = dispatcher;
        for (MachineStatus m : journal.machines()) {
            if (m.erase() != null) {
                offered.put(m.mac(), key(m.erase()));
            }
        }
        this.subscription = journal.onCommit(this::changed);
    }

    /** Sends the erase flow's stage changes to the webhooks; null when there are no webhooks. */
    static EraseWebhooks start(Journal journal, WebhookDispatcher dispatcher) {
        return dispatcher == null ? null : new EraseWebhooks(journal, dispatcher);
    }

    private void changed(Set<String> macs) {
        if (macs.isEmpty()) {
            return;
        }
        Set<String> copy = Set.copyOf(macs);
        try {
            worker.execute(() -> copy.forEach(this::look));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing more is sent
        }
    }

    private void look(String mac) {
        MachineStatus m = journal.machine(MacAddress.parse(mac)).orElse(null);
        EraseStep step = m == null ? null : m.erase();
        if (step == null) {
            return;
        }
        String key = key(step);
        if (key.equals(offered.put(mac, key))) {
            return;
        }
        EraseStage stage = EraseStage.parse(step.stage());
        dispatcher.offerErase(step, m, stage.terminal(), stage.terminal() && stage != EraseStage.DONE)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("webhooks: the erase stage {} of {} was not queued: {}", step.stage(), mac, e.toString());
                    }
                });
    }

    private static String key(EraseStep s) {
        return s.flowId() + "/" + s.stage();
    }

    @Override
    public void close() throws Exception {
        subscription.close();
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
