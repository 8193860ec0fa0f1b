package dev.orchard.ops.page;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineForgotten;
import dev.orchard.ops.journal.MachineSeen;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.spi.OpsMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab page's feed against a real journal: a storm of events of one Mac is one changed MAC for a reader,
 * whatever its size; a reader gets only what changed after its version; a position from another epoch (a
 * restarted server) or from the future gets a snapshot; subscribers are told of commits; a forgotten Mac's
 * state is dropped (its run's grant too) and replaying the journal forgets it again.
 */
class LabFeedTest {

    @TempDir
    Path dir;

    @Test
    void aStormOfOneMacIsOneChangedRowAndReadersGetOnlyWhatChangedSinceTheirVersion() throws Exception {
        try (Journal journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, Clock.systemUTC());
             LabFeed feed = new LabFeed(journal)) {
            AtomicInteger told = new AtomicInteger();
            AutoCloseable sub = feed.subscribe(told::incrementAndGet);
            LabFeed.Changes first = feed.since("", -1, journal::machines);
            assertThat(first.snapshot()).isTrue();
            assertThat(first.changed()).isEmpty();

            List<CompletableFuture<?>> storm = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                storm.add(journal.append(event("00:1b:63:00:00:01", i, 1000L * i)));
            }
            CompletableFuture.allOf(storm.toArray(CompletableFuture[]::new)).join();
            LabFeed.Changes afterStorm = feed.since(first.epoch(), first.version(), journal::machines);
            assertThat(afterStorm.snapshot()).isFalse();
            assertThat(afterStorm.changed()).containsExactly("00:1b:63:00:00:01");
            assertThat(told.get()).as("one call per group commit, not per event").isPositive().isLessThanOrEqualTo(2000);

            journal.append(event("00:1b:63:00:00:02", 0, 0)).join();
            LabFeed.Changes next = feed.since(afterStorm.epoch(), afterStorm.version(), journal::machines);
            assertThat(next.changed()).containsExactly("00:1b:63:00:00:02");
            assertThat(feed.since(next.epoch(), next.version(), journal::machines).changed()).isEmpty();
            journal.append(event("00:1b:63:00:00:01", 5000, 5)).join();
            LabFeed.Changes again = feed.since(next.epoch(), next.version(), journal::machines);
            assertThat(again.changed()).as("a Mac that changes again is sent again").containsExactly("00:1b:63:00:00:01");
            next = again;

            assertThat(feed.since("another-run", next.version(), journal::machines).snapshot()).isTrue();
            LabFeed.Changes future = feed.since(next.epoch(), next.version() + 5, journal::machines);
            assertThat(future.snapshot()).isTrue();
            assertThat(future.changed()).containsExactlyInAnyOrder("00:1b:63:00:00:01", "00:1b:63:00:00:02");

            sub.close();
            int before = told.get();
            journal.append(event("00:1b:63:00:00:03", 0, 0)).join();
            assertThat(told.get()).as("an unsubscribed reader is not called").isEqualTo(before);
        }
    }

    @Test
    void forgettingDropsTheMacsStateAndSurvivesAReplay() throws Exception {
        String mac = "00:1b:63:00:00:07";
        try (Journal journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, Clock.systemUTC())) {
            journal.append(new MachineSeen(mac, "C02X", "iMac18,1", "art-7", "imacs", "restore", "Orchard Restore",
                    null)).join();
            journal.append(event(mac, 0, 10)).join();
            assertThat(LabRows.row(journal.machine(MacAddress.parse(mac)).orElseThrow(), null))
                    .containsEntry("nbi", "Orchard Restore").containsEntry("stage", "restore");
            journal.append(new MachineForgotten(mac, "lab page", null, null)).join();
            assertThat(LabRows.forgotten(journal.machine(MacAddress.parse(mac)).orElseThrow())).isTrue();
        }
        try (Journal again = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, Clock.systemUTC())) {
            var m = again.machine(MacAddress.parse(mac)).orElseThrow();
            assertThat(LabRows.forgotten(m)).isTrue();
            assertThat(m.stage()).isNull();
            assertThat(m.grant()).isNull();
        }
    }

    private static MachineEvent event(String mac, long seq, long done) {
        return new MachineEvent(mac, "run-1", seq, Stage.RESTORE, null, EventResult.PROGRESS, done, 1L << 40, null,
                Instant.now(), null);
    }
}
