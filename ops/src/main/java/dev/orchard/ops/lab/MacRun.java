package dev.orchard.ops.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One simulated Mac from power-on to its checked end state: BSDP, TFTP, root-image reads, the agent,
 * the lab's check. Stops at the first stage that does not go as its policy says and reports why.
 */
final class MacRun {

    /** The lab-wide parts every Mac uses. */
    record Parts(BsdpStep bsdp, TftpStep tftp, RootImageStep root, AgentRunner agent, EndStateCheck check,
                 URI agentServer, Path work, boolean discardTargets, LabListener listener, ModernMacRun modern) {
    }

    private final Parts parts;

    MacRun(Parts parts) {
        this.parts = parts;
    }

    MacResult run(LabMachine mac, Expectation expected) {
        long started = System.nanoTime();
        StageClock clock = new StageClock(mac, parts.listener());
        List<String> trail = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        Path folder = parts.work().resolve(mac.label());
        AtomicReference<AgentRunner.AgentOutcome> agentOutcome = new AtomicReference<>();
        try {
            if (parts.modern() != null && expected.action() == dev.orchard.ops.config.Action.ERASE) {
                // a modern Mac does not NetBoot: its erase goes through the MDM, then its agent runs (ModernMacRun)
                parts.modern().run(mac, expected, clock, folder, trail, agentOutcome);
                clock.end(true);
                if (parts.discardTargets()) {
                    deleteTree(folder);
                }
                return result(mac, expected, true, null, null, clock, bytes, started, agentOutcome.get(), trail);
            }
            clock.begin(Stage.BSDP);
            Optional<BsdpStep.Booted> booted = parts.bsdp().run(mac, expected);
            if (booted.isPresent()) {
                clock.begin(Stage.TFTP);
                parts.tftp().run(booted.get(), n -> received(bytes, n));
                clock.begin(Stage.HTTP_ROOT);
                parts.root().run(mac, booted.get(), n -> received(bytes, n));
            }
            clock.end(true);
            if (booted.isPresent() || !expected.action().netboots()) {
                // a Mac the server ignores never runs the agent; the lab still asks the plan for it, which
                // must be refused: no netboot, no ticket ("none → no BSDP answer and no plan")
                runAgent(mac, expected, clock, folder, trail, bytes, agentOutcome);
            }
            clock.end(true);
            if (parts.discardTargets()) {
                deleteTree(folder);
            }
            return result(mac, expected, true, null, null, clock, bytes, started, agentOutcome.get(), trail);
        } catch (LabFailure f) {
            clock.end(false);
            return result(mac, expected, false, f.stage(), f.getMessage(), clock, bytes, started, agentOutcome.get(), trail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Stage at = clock.end(false);
            return result(mac, expected, false, at, "interrupted", clock, bytes, started, agentOutcome.get(), trail);
        } catch (IOException | RuntimeException e) {
            Stage at = clock.end(false);
            return result(mac, expected, false, at == null ? Stage.CHECK : at, e.toString(), clock, bytes, started,
                    agentOutcome.get(), trail);
        }
    }

    private void runAgent(LabMachine mac, Expectation expected, StageClock clock, Path folder, List<String> trail,
                          AtomicLong bytes, AtomicReference<AgentRunner.AgentOutcome> result)
            throws LabFailure, InterruptedException, IOException {
        // a netbooted restore environment starts with an empty RAM disk: nothing of an earlier run is there
        deleteTree(folder);
        Files.createDirectories(folder);
        Path target = folder.resolve("disk.img");
        Stage action = Stage.forAction(expected.action());
        clock.begin(Stage.PLAN);
        AgentRunner.AgentOutcome outcome = parts.agent().run(mac, parts.agentServer(), folder, target, line -> {
            java.util.Optional<String> event = EventLine.key(line);
            if (event.isEmpty()) {
                return; // a retry or delivery notice: the events and the summary line say what counts
            }
            trail.add(line);
            if (event.get().equals("plan succeeded") && action != null) {
                clock.begin(action);
            }
        });
        received(bytes, outcome.bytesFetched());
        result.set(outcome);
        if (!outcome.ok() && !AgentRunner.AgentOutcome.NOT_ADMITTED.equals(outcome.status())
                && !AgentRunner.AgentOutcome.NO_PLAN.equals(outcome.status())) {
            clock.end(false);
        }
        clock.begin(Stage.CHECK);
        parts.check().check(expected, outcome, target, folder.resolve("sandbox"), trail);
    }

    private void received(AtomicLong total, long n) {
        total.addAndGet(n);
        parts.listener().bytesReceived(n);
    }

    private MacResult result(LabMachine mac, Expectation expected, boolean ok, Stage stage, String reason,
                             StageClock clock, AtomicLong bytes, long started, AgentRunner.AgentOutcome agent,
                             List<String> trail) {
        List<String> events;
        synchronized (trail) {
            events = List.copyOf(trail);
        }
        MacResult r = new MacResult(mac, expected, ok, stage, reason, clock.durations(), bytes.get(),
                Duration.ofNanos(System.nanoTime() - started), agent == null ? null : agent.summary(),
                agent == null ? 0 : agent.eventsDelivered(), events);
        parts.listener().macFinished(r);
        return r;
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
