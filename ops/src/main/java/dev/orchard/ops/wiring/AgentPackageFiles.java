package dev.orchard.ops.wiring;

import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.mdm.AgentManifest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The agent's package as Orchard serves it to erased Macs ({@code erase.agent_package}, docs/mdm.md "The agent's
 * package"): copied at start into {@code <data_dir>/mdm-agent/} (a folder holding nothing else, mounted at
 * {@link #PREFIX}, so no file beside the admin's package is ever served), hashed in {@link AgentManifest#CHUNK_SIZE}
 * chunks from the copy (the bytes served are the bytes hashed).
 *
 * @param folder   the served folder
 * @param fileName the package's file name there
 * @param size     its size
 * @param sha256   its whole SHA-256 (lower-case hex)
 * @param chunks   the SHA-256 of each chunk
 */
record AgentPackageFiles(Path folder, String fileName, long size, String sha256, List<String> chunks) {

    /** Where the package is served: {@code /mdm/agent/package/<file name>}. */
    static final String PREFIX = "/mdm/agent/package";

    /** Copies and hashes the configured package; empty when {@code erase.agent_package} is not set. */
    static Optional<AgentPackageFiles> prepare(OrchardConfig config) throws IOException {
        Path source = config.erase().agentPackage();
        if (source == null) {
            return Optional.empty();
        }
        Path folder = Files.createDirectories(config.server().dataDir().resolve("mdm-agent"));
        String name = source.getFileName().toString();
        Path copy = folder.resolve(name);
        Path partial = folder.resolve("." + name + ".partial");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (var old = Files.list(folder)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (!p.equals(copy)) {
                    Files.deleteIfExists(p); // an earlier package: one file served, never two
                }
            }
        }
        return Optional.of(hash(folder, name));
    }

    private static AgentPackageFiles hash(Path folder, String name) throws IOException {
        MessageDigest whole = newDigest();
        MessageDigest chunk = newDigest();
        List<String> chunks = new ArrayList<>();
        long size = 0;
        long inChunk = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(folder.resolve(name))) {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, AgentManifest.CHUNK_SIZE - inChunk))) > 0) {
                whole.update(buffer, 0, n);
                chunk.update(buffer, 0, n);
                size += n;
                inChunk += n;
                if (inChunk == AgentManifest.CHUNK_SIZE) {
                    chunks.add(HexFormat.of().formatHex(chunk.digest()));
                    inChunk = 0;
                }
            }
        }
        if (inChunk > 0) {
            chunks.add(HexFormat.of().formatHex(chunk.digest()));
        }
        return new AgentPackageFiles(folder, name, size, HexFormat.of().formatHex(whole.digest()), chunks);
    }

    /**
     * The manifest for a server whose agent-facing base URL is {@code base} ({@code https://host:port}).
     * {@code bundle-version}: Orchard does not read the package's own PackageInfo; it writes the first 12 hex
     * digits of the package's SHA-256, which changes whenever the package does.
     */
    AgentManifest manifest(String base) {
        return new AgentManifest(URI.create(base + PREFIX + "/" + fileName), size, AgentManifest.CHUNK_SIZE, chunks,
                AgentManifest.BUNDLE_IDENTIFIER, sha256.substring(0, 12), AgentManifest.TITLE);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
