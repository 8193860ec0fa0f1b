package dev.orchard.mdmsim;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated Macs' side, on one thread so that webhooks leave in the order the events happened: a pushed
 * Mac connects ({@code Idle}), fetches and answers commands until its queue is empty; a wiped Mac enrolls again
 * (Authenticate, TokenUpdate, then an Idle connection) when its reaction says so.
 */
final class DeviceSessions implements AutoCloseable {

    private final StubState state;
    private final WebhookPoster webhooks;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nanomdm-stub-devices");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private volatile AnswerListener answers = (mac, command, status) -> { };

    DeviceSessions(StubState state, WebhookPoster webhooks) {
        this.state = state;
        this.webhooks = webhooks;
    }

    void onAnswer(AnswerListener listener) {
        answers = listener;
    }

    void wake(SimulatedMac mac) {
        later(() -> session(mac), Duration.ZERO);
    }

    void reEnroll(SimulatedMac mac) {
        later(() -> enrollAgain(mac), Duration.ZERO);
    }

    void awaitQuiet(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the simulated Macs are still busy after " + timeout);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void later(Runnable task, Duration delay) {
        pending.incrementAndGet();
        thread.schedule(() -> {
            try {
                task.run();
            } finally {
                pending.decrementAndGet();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void session(SimulatedMac mac) {
        if (!mac.online()) {
            return;
        }
        report(mac, "Idle", Optional.empty(), Map.of(), "Idle");
        Set<String> notNow = new HashSet<>();
        while (mac.online()) {
            Optional<QueuedCommand> next = state.next(mac.udid(), notNow);
            if (next.isEmpty()) {
                return;
            }
            QueuedCommand c = next.get();
            Reaction r = mac.reactionTo(c);
            if (r.status().isEmpty()) {
                if (r.erase().isPresent()) {
                    state.reported(mac.udid(), c.commandUuid(), "Acknowledged"); // wiped: the queue goes with it
                    wiped(mac, r.erase().get());
                } else {
                    mac.goOffline();
                }
                return;
            }
            String status = r.status().get();
            report(mac, status, Optional.of(c.commandUuid()), r.response(), c.requestType());
            state.reported(mac.udid(), c.commandUuid(), status);
            answers.answered(mac, c, status);
            if (status.equals("NotNow")) {
                notNow.add(c.commandUuid());
            }
            if (r.erase().isPresent()) {
                wiped(mac, r.erase().get());
                return;
            }
        }
    }

    private void wiped(SimulatedMac mac, Reaction.Erase erase) {
        mac.wiped();
        erase.returnAfter().ifPresent(after -> later(() -> enrollAgain(mac), after));
    }

    private void enrollAgain(SimulatedMac mac) {
        state.authenticated(mac.udid());
        webhooks.checkIn("mdm.Authenticate", mac.udid(), Plists.write(mac.authenticateMessage(NanoMdmStub.TOPIC)), null);
        int tally = state.tokenUpdated(mac.udid());
        webhooks.checkIn("mdm.TokenUpdate", mac.udid(), Plists.write(mac.tokenUpdateMessage(NanoMdmStub.TOPIC)), tally);
        mac.enrolled();
        session(mac);
    }

    /** A command report plist: keys sorted as a Mac writes them (CommandUUID, …, Status, UDID). */
    private void report(SimulatedMac mac, String status, Optional<String> commandUuid, Map<String, Object> response,
                        String about) {
        Map<String, Object> plist = new TreeMap<>(response);
        commandUuid.ifPresent(u -> plist.put("CommandUUID", u));
        plist.put("Status", status);
        plist.put("UDID", mac.udid());
        webhooks.report(mac.udid(), status, commandUuid, Plists.write(plist), about);
    }
}
