package dev.orchard.agent.workflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.agent.api.ApiJson;
import dev.orchard.agent.api.Sha256Hex;
import dev.orchard.agent.api.WorkflowStep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which steps succeeded with which inputs ({@code workflow-state.json} in the host's state
 * folder), so a re-run skips them. The inputs are the step's whole definition: change a script's text
 * or a package's sha256 and the step runs again.
 */
public final class StepLedger {

    private static final ObjectMapper JSON = ApiJson.shared();

    /** One remembered step. */
    public record Entry(String fingerprint, String at) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private StepLedger(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Loads the ledger; an unreadable one is treated as empty (the steps simply run again). */
    public static StepLedger load(Path folder) {
        Path file = folder.resolve("workflow-state.json");
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                entries.putAll(JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), new TypeReference<Map<String, Entry>>() { }));
            } catch (IOException | RuntimeException unreadable) {
                entries.clear();
            }
        }
        return new StepLedger(file, entries);
    }

    /** The step's entry when it succeeded before with exactly these inputs. */
    public Entry doneBefore(WorkflowStep step) {
        Entry e = entries.get(step.label());
        return e != null && e.fingerprint().equals(fingerprint(step)) ? e : null;
    }

    public void recordDone(WorkflowStep step) throws IOException {
        entries.put(step.label(), new Entry(fingerprint(step), Instant.now().toString()));
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String fingerprint(WorkflowStep step) {
        try {
            return Sha256Hex.of(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(step)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint step " + step.label(), e);
        }
    }
}
