package dev.orchard.agent.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.agent.api.ApiJson;
import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.workflow.StepHost;
import dev.orchard.agent.workflow.StepResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Workflow steps on the generic backend, all inside the sandbox folder: packages and profiles are kept
 * (verified) under {@code packages/} and {@code profiles/}; the computer name goes to
 * {@code computer-name}, localization to {@code localize.json}; scripts run in {@code scripts/} with
 * {@code ORCHARD_SANDBOX} set.
 */
final class GenericStepHost implements StepHost {

    private static final ObjectMapper JSON = ApiJson.shared();

    private final Path sandbox;
    private final Path work;

    GenericStepHost(Path sandbox, Path work) {
        this.sandbox = sandbox;
        this.work = work;
    }

    @Override
    public Path payloadFolder() {
        return work.resolve("payloads");
    }

    @Override
    public Path stateFolder() {
        return sandbox;
    }

    @Override
    public Path scriptFolder() {
        return sandbox.resolve("scripts");
    }

    @Override
    public Map<String, String> scriptEnvironment() {
        return Map.of("ORCHARD_SANDBOX", sandbox.toAbsolutePath().toString());
    }

    @Override
    public StepResult installPackage(WorkflowStep step, Path verifiedPackage) throws IOException {
        Path kept = keep(verifiedPackage, "packages");
        return StepResult.succeeded("stored " + sandbox.relativize(kept));
    }

    @Override
    public StepResult installProfile(WorkflowStep step, Path verifiedProfile) throws IOException {
        Path kept = keep(verifiedProfile, "profiles");
        return StepResult.succeeded("stored " + sandbox.relativize(kept));
    }

    @Override
    public StepResult setComputerName(WorkflowStep step) throws IOException {
        Files.createDirectories(sandbox);
        Files.writeString(sandbox.resolve("computer-name"), step.value() + "\n", StandardCharsets.UTF_8);
        return StepResult.succeeded("computer name " + step.value() + " recorded in computer-name");
    }

    @Override
    public StepResult localize(WorkflowStep step) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "locale", step.locale());
        put(settings, "language", step.language());
        put(settings, "timezone", step.timezone());
        put(settings, "keyboard", step.keyboard());
        Files.createDirectories(sandbox);
        Files.write(sandbox.resolve("localize.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
        return StepResult.succeeded("recorded " + settings + " in localize.json");
    }

    private Path keep(Path verified, String folder) throws IOException {
        Path dir = Files.createDirectories(sandbox.resolve(folder));
        Path kept = dir.resolve(verified.getFileName().toString());
        Files.copy(verified, kept, StandardCopyOption.REPLACE_EXISTING);
        return kept;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
