package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.JournalReader;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty simulated Macs against a real {@code orchard serve} (in-process, loopback, ephemeral ports) under a
 * mix of policies — restore, install with its workflow (the hand-off to thin), thin, none: every Mac reaches
 * its end state; the server's {@code /metrics} count exactly what the Macs did (BSDP replies, TFTP
 * transfers, plans by action, events); the journal holds every event of every Mac.
 */
@ExtendWith(LeakCheckExtension.class)
class LoopbackLabIT {

    @TempDir
    Path dir;

    @Test
    void twentyMacsUnderAMixOfPoliciesAllEndRightAndTheServerCountsThemExactly() throws Exception {
        LabFixture fixture = LabFixture.write(dir.resolve("setup"), 4 << 20, 10067, 10069, 10080);
        LabReport report;
        String metrics;
        try (OrchardServer server = OrchardServer.start(fixture.serveOptions())) {
            ConfigSnapshot snapshot = server.holder().current();
            LabSettings settings = LabSettings.defaults(20, dir.resolve("work")).withConcurrency(8);
            LabEndpoints endpoints = new LabEndpoints(server.bsdpAddress(), new InetSocketAddress("0.0.0.0", 0),
                    server.tftpAddress().getPort(), URI.create(server.httpUrl()), true);
            StringWriter progress = new StringWriter();
            report = dev.orchard.ops.cli.LabCommand.run(snapshot, settings, endpoints, ProgressDisplay.Mode.PLAIN,
                    new PrintWriter(progress));
            metrics = get(server.httpUrl() + "/metrics");
        }
        LabSummary s = report.summary();
        assertThat(s.failures()).as("failures").isEmpty();
        assertThat(s.succeeded()).isEqualTo(20);
        // every action but erase: this setup names no MDM, so no Mac is aimed at erase (the mixed lab: LabMixedIT)
        assertThat(s.expected()).as("a mix of every action").containsKeys(java.util.Arrays.stream(Action.values())
                .filter(a -> a != Action.ERASE).toArray(Action[]::new));
        assertThat(report.results()).filteredOn(r -> r.expected().action() == Action.INSTALL)
                .allSatisfy(r -> assertThat(r.expected().workflow()).isNotNull());

        List<MacResult> netbooted = report.results().stream().filter(r -> r.expected().netboots()).toList();
        Prometheus p = new Prometheus(metrics);
        assertThat(p.sum("orchard_bsdp_replies_total", Map.of()))
                .as("an ACK[LIST] and an ACK[SELECT] per netbooting Mac, plus answers to retransmissions")
                .isEqualTo(2.0 * netbooted.size() + s.strayReplies());
        assertThat(p.sum("orchard_tftp_transfers_total", Map.of("result", "completed")))
                .as("booter and kernelcache per netbooting Mac").isEqualTo(2.0 * netbooted.size());
        Map<Action, Long> byAction = report.results().stream().filter(r -> r.expected().netboots())
                .collect(Collectors.groupingBy(r -> r.expected().action(), () -> new EnumMap<>(Action.class),
                        Collectors.counting()));
        for (Action a : Action.values()) {
            assertThat(p.sum("orchard_plans_total", Map.of("action", a.yamlName())))
                    .as("plans served for %s", a).isEqualTo((double) byAction.getOrDefault(a, 0L));
        }
        // a Mac BSDP stays silent for never netboots, so it has no ticket: its agent is refused before any
        // policy is consulted (docs/agent-api.md, "Who may have a plan")
        long silent = report.results().stream()
                .filter(r -> !r.expected().netboots() && r.expected().action() == Action.NONE).count();
        assertThat(p.sum("orchard_agent_admissions_total", Map.of("result", "no_ticket")))
                .as("plan requests of Macs that never netbooted").isEqualTo((double) silent);
        assertThat(p.sum("orchard_agent_admissions_total", Map.of("result", "granted")))
                .as("one run per netbooted Mac").isEqualTo((double) netbooted.size());
        long delivered = report.results().stream().mapToLong(MacResult::eventsDelivered).sum();
        assertThat(p.sum("orchard_events_total", Map.of())).as("events accepted").isEqualTo((double) delivered);

        JournalOptions big = new JournalOptions(8L << 20, 4, 10_000, 4096, 1024);
        Map<String, MachineStatus> journal = JournalReader.machines(fixture.dataDir().resolve("journal"), big).stream()
                .collect(Collectors.toMap(MachineStatus::mac, m -> m));
        for (MacResult r : report.results()) {
            MachineStatus m = journal.get(r.machine().mac().toString());
            if (r.expected().action() == Action.NONE) {
                if (!r.expected().netboots()) {
                    // no netboot, no ticket, no plan: a stranger's request leaves nothing in the journal
                    assertThat(m).as("journal of %s", r.machine().label()).isNull();
                }
                continue;
            }
            assertThat(m).as("journal of %s", r.machine().label()).isNotNull();
            assertThat(m.policy()).isEqualTo(r.expected().policy());
            Set<String> journaled = m.history().stream().filter(MachineEvent.class::isInstance).map(MachineEvent.class::cast)
                    .map(e -> e.stage().wireName() + (e.step() == null ? "" : " " + e.step()) + " " + e.result().wireName())
                    .collect(Collectors.toSet());
            assertThat(r.events()).as("%s's trail", r.machine().label()).isNotEmpty();
            for (String line : r.events()) {
                String head = EventLine.key(line).orElseThrow();
                assertThat(journaled).as("%s: journal has '%s'", r.machine().label(), head).contains(head);
            }
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
