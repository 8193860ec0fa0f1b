package dev.orchard.agent.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The agent's claim: a random secret it sends with its plan request, kept in the work folder so that
 * an agent restarted in the same boot (same work folder) claims its run again with the same secret,
 * while any other program asking for this Mac's plan is refused (docs/agent-api.md). Readable by its
 * owner only.
 */
public final class ClaimSecret {

    static final String FILE = "claim";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimSecret() {
    }

    /** The claim kept in {@code workFolder}, made (256 random bits) when there is none. */
    public static String loadOrCreate(Path workFolder) throws IOException {
        Files.createDirectories(workFolder);
        Path file = workFolder.resolve(FILE);
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String claim = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path partial = Files.createTempFile(workFolder, "claim", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the work folder's own permissions protect it
            }
            Files.writeString(partial, claim, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            try {
                Files.move(partial, file); // no replace: a concurrent agent's claim wins, and is used
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return claim;
    }
}
