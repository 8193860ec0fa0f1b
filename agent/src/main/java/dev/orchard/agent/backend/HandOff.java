package dev.orchard.agent.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.agent.api.ApiJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the first boot of an installed (or restored) system needs to run the agent in {@code thin} mode
 * against the same server: written by the agent as {@code handoff.json}, read by
 * {@code orchard-agent --handoff FILE} (the first-boot package's launch daemon runs exactly that).
 *
 * @param after which stage handed off ({@code install} or {@code restore}); the thin run reports it done
 * @param work  the work folder to use on the installed system
 * @param token the run token: the first-boot agent fetches its plan and reports with it, as the same run
 *              (docs/agent-api.md); the file is readable by root only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HandOff(int version, String server, String mac, String serial, String model, String mode, String after,
                      String work, String token) {

    /** Where the first-boot package's launch daemon looks for the hand-off on the installed system. */
    public static final String INSTALLED_PATH = "/Library/Orchard/handoff.json";

    /** The work folder on the installed system. */
    public static final String INSTALLED_WORK = "/Library/Orchard/work";

    private static final ObjectMapper JSON = ApiJson.shared();

    public static HandOff read(Path file) throws IOException {
        HandOff h = JSON.readValue(Files.readAllBytes(file), HandOff.class);
        if (h.server() == null || h.mac() == null) {
            throw new IOException(file + " is not an Orchard hand-off (server and mac are required)");
        }
        return h;
    }

    /** Writes it readable by its owner only: it carries the run token. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
