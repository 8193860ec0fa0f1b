package dev.orchard.ops.wiring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sha256 of payload files (installers of several GB), computed once per file version: remembered with the
 * file's size, inode and modification time (the validators block image manifests use) in
 * {@code <data_dir>/payload-digests.json}, so that {@code validate} followed by {@code serve} (the systemd
 * unit's ExecStartPre and ExecStart) hash each installer once, not at every start. The record is a cache:
 * unreadable or unwritable, it is ignored; it is never created where the data folder does not exist yet
 * (a check run as root must not create the folder the service later needs to own).
 */
final class PayloadDigests {

    /** The file name inside the data folder. */
    static final String FILE = "payload-digests.json";
    private static final Logger LOG = LoggerFactory.getLogger(PayloadDigests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Files this large take seconds to hash: worth a line in the log. */
    private static final long ANNOUNCED_SIZE = 64L << 20;

    /** One remembered digest: the file version it was computed for, and the sha256. */
    record Digest(String version, String sha256) {
    }

    private final Optional<Path> store;
    private final Map<String, Digest> known;
    private boolean changed;

    private PayloadDigests(Optional<Path> store, Map<String, Digest> known) {
        this.store = store;
        this.known = known;
    }

    static PayloadDigests in(Path dataDir) {
        Path store = dataDir.resolve(FILE);
        Map<String, Digest> known = new TreeMap<>();
        if (Files.isRegularFile(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                known.putAll(JSON.readValue(in, new TypeReference<Map<String, Digest>>() { }));
            } catch (IOException | RuntimeException e) {
                LOG.warn("ignoring unreadable {}: {}", store, e.toString());
            }
        }
        return new PayloadDigests(Files.isDirectory(dataDir) ? Optional.of(store) : Optional.empty(), known);
    }

    /** The lower-case hex sha256 of {@code file}, remembered or computed now. */
    String sha256(Path file) throws IOException {
        String key = file.toAbsolutePath().normalize().toString();
        String version = version(file);
        Digest d = known.get(key);
        if (d != null && d.version().equals(version)) {
            return d.sha256();
        }
        if (Files.size(file) >= ANNOUNCED_SIZE) {
            LOG.info("computing the sha256 of {} ({} bytes) to check the one the configuration pins", file,
                    Files.size(file));
        }
        String sha = hash(file);
        if (!version(file).equals(version)) {
            throw new IOException(file + " changed while it was hashed");
        }
        known.put(key, new Digest(version, sha));
        changed = true;
        return sha;
    }

    /** Writes what was learnt (atomically), when there is somewhere to write it. */
    void save() {
        if (!changed || store.isEmpty()) {
            return;
        }
        Path target = store.get();
        Path tmp = target.resolveSibling("." + FILE + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(known));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.info("could not remember payload digests in {} ({}); they are computed again next time", target,
                    e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Size, inode and modification time: a file replaced or rewritten gets a new version. */
    private static String version(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.size() + "-" + a.fileKey() + "-" + a.lastModifiedTime().toInstant();
    }

    private static String hash(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
