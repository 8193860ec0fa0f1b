package dev.orchard.ops.admission;

import dev.orchard.http.spi.AgentCredentials;
import dev.orchard.ops.admission.AgentAdmission.Admission;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.RerunRequested;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Re-run on next boot" (docs/rerun.md) against a real journal: a finished Mac's agent started again is let in
 * only with the mark, only from the address of its last run, once; its current run asking again does not use
 * the mark up, a netboot's run does; the mark survives a restart and expires.
 */
class RerunAdmissionTest {

    static final String MAC = "00:1b:63:84:45:e6";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    Journal journal;
    AgentAdmission admission;

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, clock);
        admission = new AgentAdmission(journal, "0123456789abcdef0123456789abcdef".getBytes(),
                AdmissionSettings.DEFAULTS, a -> Optional.empty(), AdmissionMetrics.NOOP, clock);
    }

    @AfterEach
    void close() throws IOException {
        journal.close();
    }

    @Test
    void aFinishedMacRunsAgainFromItsAddressOnlyWithTheMarkAndOnlyOnce() throws Exception {
        finishedRunAt("10.0.0.5", "first-boot");
        // without the mark: the restore environment's agent started again (a new claim) is refused
        assertThat(admit("10.0.0.5", "second-start")).isInstanceOf(Admission.Refused.class);

        RerunRequested mark = admission.requestRerun(MAC, "test");
        assertThat(mark.address()).isEqualTo("10.0.0.5");
        assertThat(mark.receivedAt()).as("the journaled copy").isNotNull();
        assertThat(admit("10.0.0.66", "thief")).as("another address").isInstanceOf(Admission.Refused.class);
        assertThat(pending()).as("a refused request leaves the mark").isNotNull();

        Admission again = admit("10.0.0.5", "second-start");
        assertThat(again).isInstanceOf(Admission.Admitted.class);
        assertThat(((Admission.Admitted) again).resumed()).isFalse();
        assertThat(pending()).as("consumed by the run it let in").isNull();
        assertThat(admit("10.0.0.5", "third-start")).as("one-shot").isInstanceOf(Admission.Refused.class);
    }

    @Test
    void theCurrentRunAskingAgainLeavesTheMarkANetbootsRunConsumesIt() throws Exception {
        finishedRunAt("10.0.0.5", "first-boot");
        admission.requestRerun(MAC, "test");
        assertThat(admit("10.0.0.5", "first-boot")).isInstanceOf(Admission.Admitted.class); // same claim: same ticket
        assertThat(pending()).as("the current run asking again is not the next boot").isNotNull();

        netboot("10.0.0.9");
        assertThat(admit("10.0.0.9", "netbooted-again")).isInstanceOf(Admission.Admitted.class);
        assertThat(pending()).as("consumed by the next netboot's run").isNull();
    }

    @Test
    void theMarkSurvivesARestartAndExpires() throws Exception {
        finishedRunAt("10.0.0.5", "first-boot");
        admission.requestRerun(MAC, "test");
        journal.close();
        open();
        assertThat(pending()).as("replayed from the journal").isNotNull();
        clock.advance(AdmissionSettings.DEFAULTS.enrollmentCode().plusSeconds(1));
        assertThat(admit("10.0.0.5", "late")).as("expired").isInstanceOf(Admission.Refused.class);
    }

    @Test
    void aMacThatNeverRanAnAgentIsRunAgainByANetbootOnly() throws Exception {
        netboot("10.0.0.5"); // seen by BSDP, its agent never asked
        assertThat(admission.requestRerun(MAC, "test").address()).isNull();
        clock.advance(AdmissionSettings.DEFAULTS.netbootTicket().plusSeconds(1));
        assertThat(admit("10.0.0.5", "agent")).isInstanceOf(Admission.Refused.class);
    }

    private void finishedRunAt(String address, String claim) throws Exception {
        netboot(address);
        assertThat(admit(address, claim)).isInstanceOf(Admission.Admitted.class);
    }

    private Admission admit(String address, String claim) throws IOException {
        return admission.admit(MAC, InetAddress.getByName(address),
                new AgentCredentials(Optional.of(claim), Optional.empty(), Optional.empty()));
    }

    private RerunRequested pending() {
        return journal.machine(MacAddress.parse(MAC)).map(MachineStatus::rerun).orElse(null);
    }

    /** The Mac netboots at {@code address}; waits until its ticket is in the journal. */
    private void netboot(String address) throws Exception {
        int before = journal.machine(MacAddress.parse(MAC)).map(s -> s.history().size()).orElse(0);
        admission.netbooted(MAC, InetAddress.getByName(address));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (journal.machine(MacAddress.parse(MAC)).map(s -> s.history().size()).orElse(0) == before) {
            assertThat(System.nanoTime()).as("ticket stored").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
