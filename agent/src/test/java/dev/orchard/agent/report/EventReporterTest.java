package dev.orchard.agent.report;

import dev.orchard.agent.api.AgentEvent;
import dev.orchard.agent.api.EventResult;
import dev.orchard.agent.api.EventTransport;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.transfer.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EventReporterTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20));

    @Test
    void retriesInOrderUntilAccepted() {
        List<Long> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        EventTransport flaky = e -> {
            if (attempts.incrementAndGet() % 3 != 0) {
                return new EventTransport.Delivery(EventTransport.Outcome.RETRY, "503");
            }
            accepted.add(e.seq());
            return EventTransport.Delivery.ACCEPTED;
        };
        try (EventReporter reporter = new EventReporter(flaky, FAST, 100, line -> { }, "test")) {
            for (int i = 0; i < 10; i++) {
                reporter.report(Stage.RESTORE, null, EventResult.PROGRESS, (long) i, 10L, null);
            }
            assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(accepted).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(reporter.delivered()).isEqualTo(10);
            assertThat(reporter.lost()).isZero();
        }
    }

    @Test
    void reportingNeverWaitsForTheNetworkAndAFullQueueDropsProgressFirst() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        List<AgentEvent> sent = new CopyOnWriteArrayList<>();
        EventTransport blocked = e -> {
            try {
                stuck.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            sent.add(e);
            return EventTransport.Delivery.ACCEPTED;
        };
        try (EventReporter reporter = new EventReporter(blocked, FAST, 8, line -> { }, "test")) {
            long started = System.nanoTime();
            reporter.report(Stage.PLAN, EventResult.SUCCEEDED, "first");
            for (int i = 0; i < 100; i++) {
                reporter.report(Stage.RESTORE, null, EventResult.PROGRESS, (long) i, 100L, null);
            }
            reporter.report(Stage.DONE, EventResult.SUCCEEDED, "last");
            // the transport is stuck for 10 s: reporting must not wait for it (bound generous for loaded CI)
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(reporter.pending()).isEqualTo(8);

            stuck.countDown();
            assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(sent.get(0).message()).isEqualTo("first");
            assertThat(sent.get(sent.size() - 1).message()).isEqualTo("last");
            assertThat(sent.get(sent.size() - 2).bytesDone()).as("the newest progress survives").isEqualTo(99L);
            assertThat(reporter.lost()).isEqualTo(94);
        }
    }

    @Test
    void refusedEventsAreDroppedAndCountedNotRetriedForever() {
        List<String> console = new CopyOnWriteArrayList<>();
        try (EventReporter reporter = new EventReporter(e -> new EventTransport.Delivery(EventTransport.Outcome.REJECTED, "403 wrong token"),
                FAST, 10, console::add, "test")) {
            reporter.report(Stage.PLAN, EventResult.SUCCEEDED, "x");
            assertThat(reporter.drain(Duration.ofSeconds(5))).isTrue();
            assertThat(reporter.lost()).isEqualTo(1);
            assertThat(console).anySatisfy(l -> assertThat(l).contains("refused by the server (403 wrong token)"));
        }
    }

    @Test
    void drainGivesUpAfterItsLimit() {
        try (EventReporter reporter = new EventReporter(e -> new EventTransport.Delivery(EventTransport.Outcome.RETRY, "down"),
                FAST, 10, line -> { }, "test")) {
            reporter.report(Stage.DONE, EventResult.SUCCEEDED, "x");
            long started = System.nanoTime();
            assertThat(reporter.drain(Duration.ofMillis(300))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(8));
            assertThat(reporter.pending()).isEqualTo(1);
        }
    }
}
