package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.WorkflowStep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Did the Mac end where its policy says? The agent's own verdict is not enough: the lab compares the
 * target with the image or installer file the server serves (whose SHA-256 must be the manifest's), and
 * looks for every workflow
 * step's result in the agent's sandbox (generic backend: packages and profiles kept there verified,
 * {@code computer-name}, {@code localize.json}) and its {@code succeeded} event in the trail.
 */
final class EndStateCheck {

    private final OrchardConfig config;
    private final FileDigests digests;
    private final ServedManifests manifests;

    EndStateCheck(OrchardConfig config, FileDigests digests, ServedManifests manifests) {
        this.config = config;
        this.digests = digests;
        this.manifests = manifests;
    }

    /** Throws with the first difference; {@code trail} is the agent's event lines. */
    void check(Expectation expected, AgentRunner.AgentOutcome agent, Path target, Path sandbox, List<String> trail)
            throws LabFailure, IOException {
        Stage stage = Stage.forAction(expected.action());
        if (expected.action() == Action.NONE || (expected.action() == Action.ERASE && !expected.netboots())) {
            // (erase: the MDM path, not simulated here; such a Mac is not netbooted either)
            // BSDP stayed silent: no netboot ticket, so its agent must not be let in (403) and learns nothing
            // of the policy. A Mac that did netboot (BSDP's facts chose a rule; the plan's serial chose none)
            // is let in and told there is nothing to do (404).
            String wanted = expected.netboots() ? AgentRunner.AgentOutcome.NO_PLAN : AgentRunner.AgentOutcome.NOT_ADMITTED;
            if (!wanted.equals(agent.status())) {
                throw new LabFailure(Stage.PLAN, "the policy gives this Mac nothing (" + rule(expected) + "), so its"
                        + (expected.netboots() ? " plan must be 404" : " plan request must be refused: it never netbooted")
                        + "; the agent: " + agent.summary());
            }
            return;
        }
        if (agent.action() == null) {
            throw new LabFailure(Stage.PLAN, "no plan: " + agent.message());
        }
        if (!agent.action().equals(expected.action().yamlName())) {
            throw new LabFailure(Stage.PLAN, "plan action '" + agent.action() + "', the policy's is '"
                    + expected.endState() + "' (" + rule(expected) + ")");
        }
        if (!agent.ok()) {
            throw new LabFailure(stage, agent.status() + ": " + agent.message());
        }
        if (agent.eventsPending() > 0) {
            throw new LabFailure(stage, agent.eventsPending() + " events were not delivered to the server");
        }
        switch (expected.action()) {
            case RESTORE -> sameBytes(stage, target, config.blockFolder().resolve(expected.image().file()),
                    manifestSha256(stage, expected.image().file()), "block image " + expected.image().name());
            case INSTALL -> {
                sameBytes(stage, target, config.payloadsFolder().resolve(expected.installer().file()),
                        expected.installer().sha256(), "installer " + expected.installer().name());
                if (!Files.isRegularFile(sandbox.resolve("handoff.json"))) {
                    throw new LabFailure(stage, "no first-boot hand-off (handoff.json) after the install");
                }
            }
            default -> { }
        }
        workflow(stage, expected, sandbox, trail);
    }

    /** Every step of the policy's workflow reported {@code succeeded} and left its result in the sandbox. */
    void workflow(Stage stage, Expectation expected, Path sandbox, List<String> trail) throws LabFailure, IOException {
        if (expected.workflow() != null) {
            for (WorkflowStep step : expected.workflow().steps()) {
                checkStep(stage, step, sandbox, trail);
            }
        }
    }

    private String manifestSha256(Stage stage, String file) throws LabFailure {
        try {
            return manifests.sha256(file);
        } catch (RuntimeException e) {
            throw new LabFailure(stage, e.getMessage(), e);
        }
    }

    /**
     * The target must be the served file, byte for byte (compared, not hashed: as strong, and without a third
     * SHA-256 pass over every restored byte on top of the agent's two); the served file's SHA-256, computed
     * once per lab, must be the one the server's manifest states (block images) or the configuration
     * states (installers).
     */
    private void sameBytes(Stage stage, Path target, Path served, String stated, String what)
            throws LabFailure, IOException {
        if (!Files.isRegularFile(target)) {
            throw new LabFailure(stage, "the target " + target + " was not written");
        }
        if (stated != null && !stated.equalsIgnoreCase(digests.of(served))) {
            throw new LabFailure(stage, "the " + what + " file " + served + " has sha256 " + digests.of(served)
                    + ", the server states " + stated);
        }
        long differs = FileDigests.firstDifference(target, served);
        if (differs >= 0) {
            throw new LabFailure(stage, "the target differs from the " + what + " served from " + served
                    + (differs == Long.MAX_VALUE ? ": sizes " + Files.size(target) + " and " + Files.size(served)
                    : " at byte " + differs));
        }
    }

    private void checkStep(Stage stage, WorkflowStep step, Path sandbox, List<String> trail)
            throws LabFailure, IOException {
        String id = step.type() + ":" + step.name();
        if (trail.stream().noneMatch(l -> l.startsWith("workflow " + id + " succeeded"))) {
            throw new LabFailure(stage, "workflow step " + id + " did not succeed: "
                    + trail.stream().filter(l -> l.startsWith("workflow " + id)).reduce((a, b) -> b).orElse("never ran"));
        }
        if (step instanceof WorkflowStep.Package p) {
            keptWithHash(stage, sandbox.resolve("packages"), p.sha256(), id);
        } else if (step instanceof WorkflowStep.Profile p) {
            keptWithHash(stage, sandbox.resolve("profiles"), p.sha256(), id);
        } else if (step instanceof WorkflowStep.ComputerName c) {
            Path file = sandbox.resolve("computer-name");
            String got = Files.isRegularFile(file) ? Files.readString(file).strip() : null;
            if (!String.valueOf(c.value()).equals(got)) {
                throw new LabFailure(stage, id + ": computer name '" + got + "', the policy's is '" + c.value() + "'");
            }
        } else if (step instanceof WorkflowStep.Localize l) {
            localized(stage, sandbox.resolve("localize.json"), l, id);
        }
    }

    private static void keptWithHash(Stage stage, Path folder, String sha256, String id) throws LabFailure, IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    if (FileDigests.sha256(f).equalsIgnoreCase(sha256)) {
                        return;
                    }
                }
            }
        }
        throw new LabFailure(stage, id + ": no file with sha256 " + sha256 + " in " + folder);
    }

    private static void localized(Stage stage, Path file, WorkflowStep.Localize l, String id)
            throws LabFailure, IOException {
        if (!Files.isRegularFile(file)) {
            throw new LabFailure(stage, id + ": " + file + " was not written");
        }
        Map<?, ?> got = new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(), Map.class);
        Map<String, String> want = new java.util.LinkedHashMap<>();
        putIf(want, "locale", l.locale());
        putIf(want, "language", l.language());
        putIf(want, "timezone", l.timezone());
        putIf(want, "keyboard", l.keyboard());
        if (!want.equals(got)) {
            throw new LabFailure(stage, id + ": localize.json has " + got + ", the policy's is " + want);
        }
    }

    private static void putIf(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String rule(Expectation e) {
        return e.policy() == null ? "no rule matches" : "rule '" + e.policy() + "'";
    }
}
