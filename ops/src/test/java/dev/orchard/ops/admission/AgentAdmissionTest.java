package dev.orchard.ops.admission;

import dev.orchard.http.spi.AgentCredentials;
import dev.orchard.http.spi.TokenCheck;
import dev.orchard.ops.admission.AdmissionMetrics.PlanAdmission;
import dev.orchard.ops.admission.AgentAdmission.Admission;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may have a plan and whose events count, against a real journal: forged, copied, stolen and
 * expired credentials are refused with the right reason and counted; a restart forgets nothing.
 */
class AgentAdmissionTest {

    static final String MAC = "00:1b:63:84:45:e6";
    static final String OTHER = "00:1b:63:84:45:e7";
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    final Map<String, String> arp = new HashMap<>();
    final List<Object> counted = new ArrayList<>();
    Journal journal;
    AgentAdmission admission;

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, clock);
        admission = admission();
    }

    private AgentAdmission admission() {
        NeighbourTable neighbours = a -> Optional.ofNullable(arp.get(a.getHostAddress()));
        AdmissionMetrics metrics = new AdmissionMetrics() {
            @Override
            public void ticketIssued(TicketOrigin origin) {
                counted.add(origin);
            }

            @Override
            public void planAdmission(PlanAdmission result) {
                counted.add(result);
            }

            @Override
            public void tokenRefused(TokenCheck.Refusal reason) {
                counted.add(reason);
            }
        };
        return new AgentAdmission(journal, SECRET, AdmissionSettings.DEFAULTS, neighbours, metrics, clock);
    }

    @AfterEach
    void close() throws IOException {
        journal.close();
    }

    static InetAddress ip(String a) throws IOException {
        return InetAddress.getByName(a);
    }

    static AgentCredentials claim(String secret) {
        return new AgentCredentials(Optional.of(secret), Optional.empty(), Optional.empty());
    }

    static AgentCredentials bearer(String token) {
        return new AgentCredentials(Optional.empty(), Optional.empty(), Optional.of(token));
    }

    static AgentCredentials code(String claim, String code) {
        return new AgentCredentials(Optional.of(claim), Optional.of(code), Optional.empty());
    }

    /** The Mac netboots (its ACK[SELECT] goes to 10.0.0.5) and the ticket is durable. */
    private void netboot(String mac, String address) throws Exception {
        List<String> before = openTickets(mac);
        admission.netbooted(mac, ip(address));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (openTickets(mac).equals(before)) {
            assertThat(System.nanoTime()).as("ticket stored").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private List<String> openTickets(String mac) {
        return journal.machine(dev.orchard.ops.config.MacAddress.parse(mac))
                .map(s -> s.openTickets().stream().map(t -> t.id()).toList()).orElse(List.of());
    }

    private Admission.Admitted admitted(Admission a) {
        assertThat(a).isInstanceOf(Admission.Admitted.class);
        return (Admission.Admitted) a;
    }

    private void refused(Admission a, int status, PlanAdmission why) {
        assertThat(a).isInstanceOf(Admission.Refused.class);
        Admission.Refused r = (Admission.Refused) a;
        assertThat(r.status()).as(r.reason()).isEqualTo(status);
        assertThat(r.why()).as(r.reason()).isEqualTo(why);
        assertThat(counted).contains(why);
    }

    @Test
    void withoutTicketOrCredentialsNobodyGetsAPlan() throws Exception {
        refused(admission.admit(MAC, ip("10.0.0.5"), AgentCredentials.NONE), 403, PlanAdmission.NO_CREDENTIALS);
        refused(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")), 403, PlanAdmission.NO_TICKET);
    }

    @Test
    void theNetbootedMacClaimsItsTicketOnceAndItsEventsCount() throws Exception {
        netboot(MAC, "10.0.0.5");
        Admission.Admitted run = admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));
        assertThat(run.resumed()).isFalse();
        assertThat(run.runId()).matches("[0-9a-f]{32}");
        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.valid(run.runId()));

        // the same agent asks again (its answer was lost, or it restarted): a new run on the same ticket, whose
        // events cannot be taken for retries of the first one's; the first run's token is worthless now
        Admission.Admitted again = admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));
        assertThat(again.runId()).isNotEqualTo(run.runId());
        assertThat(again.resumed()).isTrue();
        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.SUPERSEDED));
        assertThat(admission.verify(MAC, again.token())).isEqualTo(TokenCheck.valid(again.runId()));

        // anybody else, even from the Mac's own address, is too late
        refused(admission.admit(MAC, ip("10.0.0.5"), claim("attacker")), 409, PlanAdmission.ALREADY_CLAIMED);
        refused(admission.admit(MAC, ip("10.0.0.66"), claim("attacker")), 403, PlanAdmission.NO_TICKET);
    }

    /**
     * The netboot ticket is journaled without blocking the BSDP reply; an agent asking right after (a fast Mac, or a
     * simulated one under load) must wait for it, not be refused "has not netbooted" (seen in LabPageBrowserIT).
     */
    @Test
    void anAgentAskingBeforeItsNetbootTicketIsStoredWaitsForIt() throws Exception {
        for (int i = 0; i < 100; i++) {
            String mac = String.format("00:1b:63:00:%02x:%02x", i / 256, i % 256);
            admission.netbooted(mac, ip("10.0.1." + (i + 1)));
            admitted(admission.admit(mac, ip("10.0.1." + (i + 1)), claim("agent-" + i)));
        }
    }

    @Test
    void aTicketIsBoundToTheAddressTheMacNetbootedAt() throws Exception {
        netboot(MAC, "10.0.0.5");
        refused(admission.admit(MAC, ip("10.0.0.66"), claim("attacker")), 403, PlanAdmission.NO_TICKET);
        admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));
    }

    @Test
    void onTheMacsOwnNetworkTheSenderMustBeTheMacsNetworkCard() throws Exception {
        // an attacker netboots "as" the victim (chaddr spoofed) from its own address and asks from there
        netboot(MAC, "10.0.0.66");
        arp.put("10.0.0.66", "02:aa:bb:cc:dd:ee");
        refused(admission.admit(MAC, ip("10.0.0.66"), claim("attacker")), 403, PlanAdmission.WRONG_HARDWARE);
        // the real Mac, whose card the kernel resolved, is let in
        netboot(MAC, "10.0.0.5");
        arp.put("10.0.0.5", MAC);
        admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));
    }

    @Test
    void netbootTicketsExpire() throws Exception {
        netboot(MAC, "10.0.0.5");
        clock.advance(AdmissionSettings.DEFAULTS.netbootTicket().plusSeconds(1));
        refused(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")), 403, PlanAdmission.NO_TICKET);
    }

    @Test
    void forgedCopiedExpiredAndStolenTokensAreRefused() throws Exception {
        netboot(MAC, "10.0.0.5");
        Admission.Admitted run = admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));

        assertThat(admission.verify(MAC, "not-a-token")).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.INVALID));
        byte[] raw = Base64.getUrlDecoder().decode(run.token());
        for (int i = 0; i < raw.length; i++) { // any altered byte: MAC, run, end or tag
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            assertThat(admission.verify(MAC, Base64.getUrlEncoder().withoutPadding().encodeToString(altered)))
                    .as("byte %d altered", i).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.INVALID));
        }
        RunTokens otherServer = new RunTokens("another server's secret 01234567".getBytes());
        assertThat(admission.verify(MAC, otherServer.mint(MAC, run.runId(), clock.instant().plusSeconds(60))))
                .isEqualTo(TokenCheck.refused(TokenCheck.Refusal.INVALID));

        // a genuine token sent for another Mac
        assertThat(admission.verify(OTHER, run.token())).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.OTHER_MACHINE));

        // the Mac netboots again and its new agent run starts: the old run's token is worthless
        netboot(MAC, "10.0.0.5");
        Admission.Admitted next = admitted(admission.admit(MAC, ip("10.0.0.5"), claim("second-boot")));
        assertThat(next.runId()).isNotEqualTo(run.runId());
        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.SUPERSEDED));
        refused(admission.admit(MAC, ip("10.0.0.5"), bearer(run.token())), 403, PlanAdmission.BAD_TOKEN);
        assertThat(admission.verify(MAC, next.token())).isEqualTo(TokenCheck.valid(next.runId()));

        // the run token is the credential of the first-boot hand-off: it fetches the plan again, as a new run
        Admission.Admitted handOff = admitted(admission.admit(MAC, ip("10.0.0.77"), bearer(next.token())));
        assertThat(handOff.runId()).isNotEqualTo(next.runId());
        assertThat(handOff.resumed()).isTrue();
        refused(admission.admit(MAC, ip("10.0.0.77"), bearer(next.token())), 403, PlanAdmission.BAD_TOKEN);

        clock.advance(AdmissionSettings.DEFAULTS.run().plusSeconds(1));
        assertThat(admission.verify(MAC, handOff.token())).isEqualTo(TokenCheck.refused(TokenCheck.Refusal.EXPIRED));
        assertThat(counted).contains(TokenCheck.Refusal.INVALID, TokenCheck.Refusal.OTHER_MACHINE,
                TokenCheck.Refusal.SUPERSEDED, TokenCheck.Refusal.EXPIRED);
    }

    @Test
    void enrollmentCodesWorkOnceForTheirMacAndAddress() throws Exception {
        AgentAdmission.IssuedCode code = admission.issueCode(MAC, Optional.empty(), Optional.empty());
        refused(admission.admit(OTHER, ip("10.0.0.9"), code("x", code.code())), 403, PlanAdmission.CODE_OTHER_MACHINE);
        refused(admission.admit(MAC, ip("10.0.0.9"), code("x", "WRONG-CODE")), 403, PlanAdmission.BAD_CODE);
        Admission.Admitted run = admitted(admission.admit(MAC, ip("10.0.0.9"), code("agent", code.code())));
        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.valid(run.runId()));
        refused(admission.admit(MAC, ip("10.0.0.9"), code("thief", code.code())), 403, PlanAdmission.CODE_REPLAYED);

        AgentAdmission.IssuedCode bound = admission.issueCode(MAC, Optional.of(ip("10.0.0.20")), Optional.empty());
        refused(admission.admit(MAC, ip("10.0.0.21"), code("y", bound.code())), 403, PlanAdmission.BAD_CODE);
        admitted(admission.admit(MAC, ip("10.0.0.20"), code("y", bound.code())));

        AgentAdmission.IssuedCode shortLived = admission.issueCode(MAC, Optional.empty(), Optional.of(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(2));
        refused(admission.admit(MAC, ip("10.0.0.9"), code("z", shortLived.code())), 403, PlanAdmission.CODE_EXPIRED);
    }

    /**
     * The erase flow's code (docs/mdm.md, "Letting the agent in"): derived, so the same after a restart and
     * different per Mac and per flow; for its Mac and serial only, from any address, once, until it expires.
     */
    @Test
    void anEraseFlowsCodeAdmitsItsMacAndSerialOnceUntilItExpires() throws Exception {
        String code = admission.flowCode(MAC, "flow-1");
        assertThat(code).matches("([0-9A-HJKMNP-TV-Z]{5}-){5}[0-9A-HJKMNP-TV-Z]")
                .isNotEqualTo(admission.flowCode(MAC, "flow-2")).isNotEqualTo(admission.flowCode(OTHER, "flow-1"));
        refused(admission.admit(MAC, Optional.of("C02AAA"), ip("10.0.0.9"), code("early", code)), 403,
                PlanAdmission.BAD_CODE); // not issued yet: knowing how codes are made is not enough
        admission.issueFlowCode(MAC, Optional.of("C02AAA"), "flow-1", Duration.ofMinutes(30));
        assertThat(counted).contains(AdmissionMetrics.TicketOrigin.MDM_PROFILE);
        journal.close();
        journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, clock);
        admission = admission();
        assertThat(admission.flowCode(MAC, "flow-1")).as("the same code after a restart").isEqualTo(code);

        refused(admission.admit(OTHER, Optional.of("C02AAA"), ip("10.0.0.9"), code("thief", code)), 403,
                PlanAdmission.CODE_OTHER_MACHINE);
        refused(admission.admit(MAC, Optional.of("C02BBB"), ip("10.0.0.9"), code("thief", code)), 403,
                PlanAdmission.CODE_OTHER_MACHINE);
        refused(admission.admit(MAC, Optional.empty(), ip("10.0.0.9"), code("thief", code)), 403,
                PlanAdmission.CODE_OTHER_MACHINE);
        Admission.Admitted run = admitted(admission.admit(MAC, Optional.of("c02aaa"), ip("10.0.0.77"),
                code("agent", code)));
        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.valid(run.runId()));
        refused(admission.admit(MAC, Optional.of("C02AAA"), ip("10.0.0.77"), code("replay", code)), 403,
                PlanAdmission.CODE_REPLAYED);
        assertThat(admitted(admission.admit(MAC, Optional.of("C02AAA"), ip("10.0.0.77"), code("agent", code)))
                .resumed()).as("the agent that used it asks again with its claim").isTrue();

        admission.issueFlowCode(MAC, Optional.of("C02AAA"), "flow-2", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        refused(admission.admit(MAC, Optional.of("C02AAA"), ip("10.0.0.9"), code("late",
                admission.flowCode(MAC, "flow-2"))), 403, PlanAdmission.CODE_EXPIRED);
    }

    @Test
    void aRestartForgetsNoTicketNoClaimAndNoRun() throws Exception {
        netboot(MAC, "10.0.0.5");
        Admission.Admitted run = admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret")));
        netboot(OTHER, "10.0.0.6");
        journal.close();
        journal = Journal.open(dir, JournalOptions.DEFAULTS, OpsMetrics.NOOP, clock);
        admission = admission();

        assertThat(admission.verify(MAC, run.token())).isEqualTo(TokenCheck.valid(run.runId()));
        assertThat(admitted(admission.admit(MAC, ip("10.0.0.5"), claim("agent-secret"))).resumed()).isTrue();
        refused(admission.admit(MAC, ip("10.0.0.5"), claim("attacker")), 409, PlanAdmission.ALREADY_CLAIMED);
        admitted(admission.admit(OTHER, ip("10.0.0.6"), claim("other-agent")));
    }
}
