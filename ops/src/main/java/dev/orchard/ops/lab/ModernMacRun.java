package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.mdmsim.EnterpriseAppDownload;
import dev.orchard.ops.config.EraseSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One modern Mac after its erase was asked for (docs/lab.md, "Modern Macs"): it waits, as the Mac does, for the
 * MDM to hand it the agent's package (the simulated Mac answers, wipes itself and enrolls again meanwhile),
 * downloads it from the ManifestURL checking every chunk, "installs" it — the real agent runs, admitted by
 * {@link #admit}, and carries out the policy's workflow — and the lab checks the end: every MDM command queued
 * exactly once, one wipe, the workflow's results, and the server's erase flow at {@code done}. A Mac that never
 * comes back must end {@code timed-out (never-came-back)} instead.
 */
final class ModernMacRun {

    /** The commands of an erase, each queued once (docs/mdm.md, "The stages"). */
    static final List<String> COMMANDS = List.of("DeviceInformation", "SecurityInfo", "EraseDevice",
            "InstallProfile", "InstallEnterpriseApplication", "RemoveProfile");
    /**
     * How long the MDM part may take in real time beyond the MDM's downtime: the simulated Macs answer at once, the
     * flow retries every 5 s at most 5 min apart (docs/mdm.md) — a minute is ample on a loaded 2-core machine.
     */
    private static final Duration ERASE_SLACK = Duration.ofMinutes(1);
    /** Two of the server's 5 s ticks and some: the flow follows the agent's reports at its tick. */
    private static final Duration FLOW_WAIT = Duration.ofSeconds(20);

    private final ModernMacs mdm;
    private final AgentRunner agent;
    private final EndStateCheck check;
    private final URI agentServer;
    private final WarpClock serverClock;
    private final CountDownLatch readyForWarp;
    private final AtomicBoolean warped = new AtomicBoolean();
    private final Duration eraseWait;

    /**
     * @param serverClock  the in-process server's clock, moved past {@code erase.reenroll_timeout} for Macs that
     *                     never come back; null: such a Mac waits out the timeout in real time
     * @param readyForWarp counted down by every Mac that finished and every never-back Mac that is waiting: the
     *                     clock moves only when it is zero, so no other flow's timeout is cut short
     * @param mdmDown      how long the lab keeps the MDM down ({@link MdmChaos#mdmDown()}): the erase may take that
     *                     much longer
     */
    ModernMacRun(ModernMacs mdm, AgentRunner agent, EndStateCheck check, URI agentServer, WarpClock serverClock,
                 CountDownLatch readyForWarp, Duration mdmDown) {
        this.eraseWait = mdmDown.plus(ERASE_SLACK);
        this.mdm = mdm;
        this.agent = agent;
        this.check = check;
        this.agentServer = agentServer;
        this.serverClock = serverClock;
        this.readyForWarp = readyForWarp;
    }

    void run(LabMachine mac, Expectation expected, StageClock clock, Path folder, List<String> trail,
             AtomicReference<AgentRunner.AgentOutcome> result) throws LabFailure, IOException, InterruptedException {
        clock.begin(Stage.ERASE);
        if (expected.mdmFault() == MdmFault.NEVER_BACK) {
            neverBack(mac, clock);
            return;
        }
        URI manifest = awaitManifest(mac);
        EnterpriseAppDownload.Downloaded pkg;
        try {
            pkg = EnterpriseAppDownload.fetch(mdm.https(), manifest);
        } catch (IOException e) {
            throw new LabFailure(Stage.ERASE, "the agent's package from " + manifest + ": " + e.getMessage(), e);
        }
        Path configured = mdm.config().erase().agentPackage();
        if (configured != null && Files.size(configured) != pkg.bytes()) {
            throw new LabFailure(Stage.ERASE, "the package downloaded has " + pkg.bytes() + " bytes, "
                    + configured + " has " + Files.size(configured));
        }
        MacRun.deleteTree(folder);
        Files.createDirectories(folder);
        clock.begin(Stage.PLAN);
        AgentRunner.AgentOutcome outcome = agent.runAdmitted(mac, agentServer, folder, folder.resolve("disk.img"),
                admit(mac), trailing(trail, clock));
        result.set(outcome);
        clock.begin(Stage.CHECK);
        if (!"thin".equals(outcome.action()) || !outcome.ok() || outcome.eventsPending() > 0) {
            throw new LabFailure(Stage.THIN, "after the erase the agent must run the workflow as a thin plan; it ended "
                    + outcome.summary());
        }
        check.workflow(Stage.THIN, expected, folder.resolve("sandbox"), trail);
        JsonNode flow = awaitFlow(mac, "done");
        if (!flow.path("eraseStage").asText().equals("done")) {
            throw new LabFailure(Stage.CHECK, "the erase flow is at " + describe(flow) + "; it must be done");
        }
        exactlyOnce(mac, COMMANDS);
    }

    /**
     * How the erased Mac's agent is let in, as on a real Mac: the one-time code the MDM's InstallProfile put in the
     * Mac's managed preferences ({@code dev.orchard.agent}: ServerURL, EnrollmentCode), read the way the agent reads
     * {@code --managed-prefs} (docs/mdm.md, "Letting the agent in"). No admin code is involved.
     */
    private String admit(LabMachine mac) throws LabFailure {
        java.nio.file.Path prefs = mdm.agentPreferences(mac);
        try {
            return dev.orchard.agent.cli.ManagedPreferences.read(prefs).enrollmentCode();
        } catch (dev.orchard.agent.cli.UsageException e) {
            throw new LabFailure(Stage.ERASE, "the Mac's managed preferences after InstallProfile: " + e.getMessage(), e);
        }
    }

    private void neverBack(LabMachine mac, StageClock clock) throws LabFailure, IOException, InterruptedException {
        EraseSettings erase = mdm.config().erase();
        try {
            mdm.awaitMdm(mac, m -> m.path("eraseStage").asText().equals("erase-acknowledged"), eraseWait,
                    "acknowledged EraseDevice");
        } finally {
            readyForWarp.countDown();
        }
        Duration wait = FLOW_WAIT;
        if (serverClock != null) {
            if (!readyForWarp.await(10, TimeUnit.MINUTES)) {
                throw new LabFailure(Stage.ERASE, "the other Macs did not finish within 10 minutes");
            }
            if (warped.compareAndSet(false, true)) {
                serverClock.advance(erase.reenrollTimeout().plusMinutes(1));
            }
        } else {
            wait = erase.reenrollTimeout().plus(FLOW_WAIT); // an external server: its own clock, in real time
        }
        clock.begin(Stage.CHECK);
        JsonNode flow = mdm.awaitMdm(mac, m -> m.path("eraseStage").asText().equals("timed-out"), wait,
                "timed out");
        if (!flow.path("reason").asText().equals("never-came-back")) {
            throw new LabFailure(Stage.CHECK, "the Mac never came back, so its flow must end timed-out"
                    + " (never-came-back); it is at " + describe(flow));
        }
        if (mdm.erases(mac) != 1) {
            throw new LabFailure(Stage.CHECK, "the Mac wiped itself " + mdm.erases(mac) + " times, not once");
        }
        exactlyOnce(mac, COMMANDS.subList(0, 3));
    }

    private URI awaitManifest(LabMachine mac) throws LabFailure, InterruptedException, IOException {
        long end = System.nanoTime() + eraseWait.toNanos();
        while (true) {
            try {
                return mdm.manifest(mac).get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                JsonNode flow = mdm.admin().mdm(mac.mac().toString());
                boolean ended = flow != null && !flow.path("reason").isNull() && !flow.path("reason").isMissingNode();
                if (ended || System.nanoTime() > end) {
                    throw new LabFailure(Stage.ERASE, "no InstallEnterpriseApplication" + (ended ? "" : " within "
                            + eraseWait.toSeconds() + " s") + "; the flow is " + describe(flow) + "; the MDM queued "
                            + mdm.commands(mac));
                }
            } catch (ExecutionException e) {
                throw new LabFailure(Stage.ERASE, e.getCause().toString(), e.getCause());
            }
        }
    }

    private JsonNode awaitFlow(LabMachine mac, String stage) throws IOException, InterruptedException {
        try {
            return mdm.awaitMdm(mac, m -> m.path("eraseStage").asText().equals(stage)
                    || !m.path("reason").isMissingNode() && !m.path("reason").isNull(), FLOW_WAIT, "reached " + stage);
        } catch (IOException e) {
            return mdm.admin().mdm(mac.mac().toString());
        }
    }

    private void exactlyOnce(LabMachine mac, List<String> expected) throws LabFailure {
        List<String> queued = mdm.commands(mac);
        if (!queued.equals(expected)) {
            throw new LabFailure(Stage.CHECK, "the MDM queued " + queued + " for this Mac; each of " + expected
                    + " exactly once was expected");
        }
    }

    private static Consumer<String> trailing(List<String> trail, StageClock clock) {
        return line -> {
            if (EventLine.key(line).isEmpty()) {
                return;
            }
            trail.add(line);
            if (EventLine.key(line).get().equals("plan succeeded")) {
                clock.begin(Stage.THIN);
            }
        };
    }

    private static String describe(JsonNode flow) {
        if (flow == null) {
            return "(no MDM state)";
        }
        String reason = flow.path("reason").isNull() || flow.path("reason").isMissingNode() ? ""
                : " (" + flow.path("reason").asText() + ")";
        return flow.path("eraseStage").asText() + reason + ": " + flow.path("detail").asText();
    }
}
