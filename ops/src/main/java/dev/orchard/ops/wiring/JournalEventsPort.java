package dev.orchard.ops.wiring;

import dev.orchard.http.spi.EventsPort;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Agent events into the durable journal: the returned stage completes after the fsync covering the
 * event (the HTTP layer answers 202 only then). A stored event (not a retried duplicate) also feeds the
 * run metrics and, for starts, ends and failures, one log line — on a thread of their own, in commit
 * order, so the journal's writer thread only writes and syncs; the answer waits for them, so what an
 * agent was told is stored is also counted.
 */
public final class JournalEventsPort implements EventsPort, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalEventsPort.class);

    private final Journal journal;
    private final RunTracker runs;
    private final WebhookDispatcher webhooks;
    private final ExecutorService followers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orchard-events");
        t.setDaemon(true);
        return t;
    });

    public JournalEventsPort(Journal journal, RunTracker runs) {
        this(journal, runs, null);
    }

    /**
     * With {@code webhooks} (null: none), the answer also waits until the event's webhook deliveries are in the
     * outbox (docs/webhooks.md): what the agent was told is stored is also delivered, at least once. Retried
     * events are offered again: the outbox drops what it already has.
     */
    public JournalEventsPort(Journal journal, RunTracker runs, WebhookDispatcher webhooks) {
        this.journal = journal;
        this.runs = runs;
        this.webhooks = webhooks;
    }

    @Override
    public CompletionStage<Void> record(String mac, dev.orchard.http.spi.MachineEvent e) {
        MachineEvent event;
        try {
            event = new MachineEvent(mac, e.runId(), e.seq(), Stage.parse(e.stage().wireName()), e.step(),
                    EventResult.parse(e.result().wireName()), e.bytesDone(), e.bytesTotal(), e.message(), e.at(), null);
        } catch (RuntimeException invalid) {
            // the journal refuses what the API accepted: the agent must drop it (400), not retry it forever (503)
            return CompletableFuture.failedFuture(new InvalidRequestException(String.valueOf(invalid.getMessage())));
        }
        CompletionStage<Void> followed = journal.append(event).thenAcceptAsync(appended -> {
            if (appended.duplicate()) {
                return;
            }
            try {
                runs.eventStored(event);
            } catch (RuntimeException bug) {
                LOG.warn("run metrics could not follow an event of {}", mac, bug); // the event is durable anyway
            }
            if (event.result() != EventResult.PROGRESS) {
                // the text stays a sentence; the JSON format also gets the facts as fields (docs/admin-guide.md, "Logs")
                LoggingEventBuilder line = LOG.atInfo().addKeyValue("mac", event.mac())
                        .addKeyValue("stage", event.stage().wireName()).addKeyValue("result", event.result().wireName())
                        .addKeyValue("seq", event.seq());
                optional(line, "step", event.step());
                optional(line, "run_id", event.runId());
                optional(line, "bytes", event.bytesDone());
                line.log("agent {} {}{} {}{}", mac, event.stage().wireName(),
                        event.step() == null ? "" : " " + event.step(), event.result().wireName(),
                        event.message() == null ? "" : ": " + oneLine(event.message()));
            }
        }, followers);
        if (webhooks == null) {
            return followed;
        }
        return followed.thenCompose(stored -> webhooks.offer(event,
                journal.machine(dev.orchard.ops.config.MacAddress.parse(event.mac())).orElse(null)));
    }

    @Override
    public void close() {
        followers.shutdown();
    }

    /** Adds a field only when it has a value: JSON lines carry no {@code null} fields. */
    static LoggingEventBuilder optional(LoggingEventBuilder line, String key, Object value) {
        return value == null ? line : line.addKeyValue(key, value);
    }

    private static String oneLine(String message) {
        String s = message.replace('\n', ' ').replace('\r', ' ');
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
