package dev.orchard.agent.report;

import dev.orchard.agent.api.AgentEvent;
import dev.orchard.agent.api.EventResult;
import dev.orchard.agent.api.EventTransport;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.transfer.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Queues events and sends them, in order, from its own thread. {@link #report} never blocks on the
 * network: when the queue is full the oldest {@code progress} event makes room (a newer one follows).
 * A delivery that fails is retried with exponential backoff; {@link #drain(Duration)} waits, bounded,
 * for everything queued to be delivered.
 */
public final class EventReporter implements AutoCloseable {

    private final EventTransport transport;
    private final Backoff backoff;
    private final int capacity;
    private final Consumer<String> log;
    private final String runId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition stopping = lock.newCondition();
    private final Deque<AgentEvent> queue = new ArrayDeque<>();
    private final Thread sender;
    private long seq;
    private long delivered;
    private long dropped;
    private long rejected;
    private boolean closed;

    /**
     * @param capacity events kept while the server is unreachable
     * @param log      a line per event for the console (and per delivery problem)
     */
    public EventReporter(EventTransport transport, Backoff backoff, int capacity, Consumer<String> log, String threadName) {
        this(transport, backoff, capacity, log, threadName, UUID.randomUUID().toString());
    }

    /** @param runId the run the server issued with the plan (its events must name it), or one of the agent's own */
    public EventReporter(EventTransport transport, Backoff backoff, int capacity, Consumer<String> log, String threadName,
                         String runId) {
        this.runId = runId;
        this.transport = transport;
        this.backoff = backoff;
        this.capacity = Math.max(8, capacity);
        this.log = log;
        this.sender = new Thread(this::sendLoop, threadName);
        sender.setDaemon(true);
        sender.start();
    }

    public String runId() {
        return runId;
    }

    /** Queues an event (seq and time are filled in here). */
    public void report(Stage stage, String step, EventResult result, Long bytesDone, Long bytesTotal, String message) {
        lock.lock();
        try {
            AgentEvent event = new AgentEvent(++seq, runId, stage, step, result, bytesDone, bytesTotal, message,
                    Instant.now().toString());
            if (result != EventResult.PROGRESS) {
                log.accept(describe(event));
            }
            if (queue.size() >= capacity && !dropOldestProgress()) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void report(Stage stage, EventResult result, String message) {
        report(stage, null, result, null, null, message);
    }

    private boolean dropOldestProgress() {
        Iterator<AgentEvent> it = queue.iterator();
        if (it.hasNext()) {
            it.next(); // the head may be in flight
        }
        while (it.hasNext()) {
            if (it.next().isProgress()) {
                it.remove();
                dropped++;
                return true;
            }
        }
        return false;
    }

    private void sendLoop() {
        int failures = 0;
        while (true) {
            AgentEvent head;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                head = queue.peekFirst();
            } finally {
                lock.unlock();
            }
            EventTransport.Delivery result = transport.deliver(head);
            lock.lock();
            try {
                if (result.outcome() == EventTransport.Outcome.RETRY) {
                    failures++;
                    if (closed) {
                        return;
                    }
                    stopping.await(backoff.delay(failures).toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                failures = 0;
                if (queue.peekFirst() == head) {
                    queue.pollFirst();
                }
                if (result.outcome() == EventTransport.Outcome.ACCEPTED) {
                    delivered++;
                } else {
                    rejected++;
                    log.accept("event " + head.seq() + " (" + head.stage().wire() + ") was refused by the server ("
                            + result.detail() + "); dropped");
                }
                changed.signalAll();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until every queued event is delivered (or refused), at most {@code maxWait}; true when all were. */
    public boolean drain(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Events still waiting for delivery. */
    public int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /** Events given up on: dropped for room, or refused by the server. */
    public long lost() {
        lock.lock();
        try {
            return dropped + rejected;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the sender; call {@link #drain(Duration)} first to deliver what is queued. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
        sender.interrupt();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(AgentEvent e) {
        StringBuilder line = new StringBuilder().append(e.stage().wire());
        if (e.step() != null) {
            line.append(' ').append(e.step());
        }
        line.append(' ').append(e.result().wire());
        if (e.bytesDone() != null) {
            line.append(' ').append(e.bytesDone());
            if (e.bytesTotal() != null) {
                line.append('/').append(e.bytesTotal());
            }
            line.append(" bytes");
        }
        if (e.message() != null) {
            line.append(": ").append(e.message());
        }
        return line.toString();
    }
}
