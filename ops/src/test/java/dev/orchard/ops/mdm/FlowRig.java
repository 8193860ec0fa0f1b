package dev.orchard.ops.mdm;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.testkit.MutableClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One server's erase flow on a real journal folder: {@link #restart()} closes the journal as a stopping
 * server does, opens the folder again and builds a new flow from what is on disk (the gateway, the clock and
 * the metrics stay: they are the world outside the server). One Apple silicon Mac, in the inventory by MAC
 * and serial, whose policy says erase with a workflow; its UDID is learnt from an Authenticate check-in.
 */
final class FlowRig implements AutoCloseable {

    static final String MAC = "02:0e:00:00:00:01";
    static final String SERIAL = "C02MODERN001";
    static final String UDID = "00008103-000A1B2C3D4E5F60";
    static final String PLAIN_MAC = "02:0e:00:00:00:02";
    static final String PLAIN_SERIAL = "C02MODERN002";
    static final String PLAIN_UDID = "00008103-000A1B2C3D4E5F61";

    final Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    final RecordingGateway gateway = new RecordingGateway();
    final CountingEraseMetrics metrics = new CountingEraseMetrics();
    final RecordingEnrollment enrollment = new RecordingEnrollment();
    final ConfigSnapshot snapshot;
    Journal journal;
    DeviceLinks links;
    EraseFlow flow;
    private long seq;

    FlowRig(Path dir) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("modern.csv"), "mac,serial,name,group\n" + MAC + "," + SERIAL + ",m1,modern\n"
                + PLAIN_MAC + "," + PLAIN_SERIAL + ",m2,plain\n");
        Files.writeString(dir.resolve("orchard.yaml"), """
                server: {data_dir: data}
                inventory: [modern.csv]
                workflows:
                  - name: after-erase
                    steps:
                      - {type: computer_name, name: n, value: "lab-{serial}"}
                policies:
                  - name: modern
                    match: {group: modern}
                    action: erase
                    workflow: after-erase
                  - name: plain
                    match: {group: plain}
                    action: erase
                erase:
                  confirm_above: 1
                  max_per_hour: 1
                  answer_timeout: 15m
                  reenroll_timeout: 2h
                  agent_timeout: 1h
                """);
        ConfigLoader.Result r = ConfigLoader.check(dir.resolve("orchard.yaml"), ConfigLoader.Options.DEFAULTS);
        if (r.snapshot().isEmpty()) {
            throw new IllegalStateException("test configuration rejected: " + r.errors());
        }
        snapshot = r.snapshot().get();
        open();
    }

    private void open() throws IOException {
        journal = Journal.open(dir.resolve("journal"), JournalOptions.DEFAULTS, OpsMetrics.NOOP, clock);
        links = new DeviceLinks(journal, () -> snapshot);
        flow = new EraseFlow(journal, gateway, () -> snapshot.config().erase(), metrics,
                mac -> java.net.URI.create("http://127.0.0.1:8080/mdm/agent/" + mac + "/manifest.plist"), enrollment,
                links, clock);
        flow.resume();
    }

    /** The admin trigger of this server (built from the journal, as at start). */
    EraseTrigger trigger() {
        return new EraseTrigger(flow, links, journal, () -> snapshot,
                mac -> java.net.URI.create("http://127.0.0.1:8080/mdm/agent/" + mac + "/manifest.plist"), clock);
    }

    /** The server stops and starts again on the same folder. */
    void restart() throws IOException {
        journal.close();
        open();
    }

    /** The Mac's MDM check-in carrying its UDID and serial (Authenticate). */
    void authenticate(String udid, String serial) {
        flow.checkIn(udid, MdmEventSink.CheckInKind.AUTHENTICATE, Optional.of(serial));
    }

    void tokenUpdate(String udid) {
        flow.checkIn(udid, MdmEventSink.CheckInKind.TOKEN_UPDATE, Optional.empty());
    }

    void ack(RecordingGateway.Sent c, Map<String, Object> response) {
        flow.commandResult(c.udid(), c.commandUuid(), MdmEventSink.CommandStatus.ACKNOWLEDGED, response);
    }

    static Map<String, Object> deviceInformation(boolean appleSilicon, String os) {
        return Map.of("QueryResponses", Map.of("SerialNumber", SERIAL, "ProductName", "Mac14,2", "OSVersion", os,
                "IsAppleSilicon", appleSilicon, "UDID", UDID));
    }

    static Map<String, Object> securityInfo(String bootstrap) {
        return Map.of("SecurityInfo", Map.of("BootstrapTokenAllowedForAuthentication", bootstrap,
                "SecureBoot", Map.of("SecureBootLevel", "full")));
    }

    /** The agent in full macOS reports, as it does over the agent API (journaled there). */
    void agentEvent(Stage stage, EventResult result) throws Exception {
        journal.append(new MachineEvent(MAC, "run-after-erase", ++seq, stage, null, result, null, null, null, null,
                null)).get(10, TimeUnit.SECONDS);
    }

    /** The Mac enrolls again after its erase and installs the enrollment profile it is then sent. */
    void reenrollAndInstallProfile(String udid) {
        tokenUpdate(udid);
        ack(gateway.last("InstallProfile"), Map.of());
    }

    /**
     * The world outside the server that keeps the codes: what the flow issued, in order; a flow's code is
     * {@code CODE-<flowId>} (admission derives it from its secret; {@code AgentAdmissionTest} tests that).
     */
    static final class RecordingEnrollment implements AgentEnrollment {
        record Issued(String mac, Optional<String> serial, String flowId, Duration ttl) {
        }

        final List<Issued> issued = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void issue(String mac, Optional<String> serial, String flowId, Duration ttl) {
            issued.add(new Issued(mac, serial, flowId, ttl));
        }

        @Override
        public String code(String mac, String flowId) {
            return "CODE-" + flowId;
        }

        @Override
        public java.net.URI serverUrl() {
            return java.net.URI.create("https://127.0.0.1:8443");
        }
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** The Mac's newest journaled step, read from the journal (not from the flow's memory). */
    EraseStep step(String mac) {
        return journal.machine(MacAddress.parse(mac)).map(m -> m.erase())
                .orElseThrow(() -> new AssertionError("no erase step journaled for " + mac));
    }

    EraseStage stage(String mac) {
        return EraseStage.parse(step(mac).stage());
    }

    List<String> sentTypes() {
        return gateway.sent().stream().map(RecordingGateway.Sent::type).toList();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
