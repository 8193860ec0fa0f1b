package dev.orchard.agent.restore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.orchard.agent.api.Manifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

/**
 * A small file saying which chunks of which image were durable on a target, so a re-run after a crash
 * knows what to re-verify (cheap) instead of re-fetching everything. Only a hint: every chunk it lists
 * is hashed again before it counts. Saved atomically (temp file, fsync, rename).
 */
final class RestoreJournal {

    /** Streaming JSON: the journal is saved every second from the syncer thread and must stay cheap. */
    private static final JsonFactory JSON = new JsonFactory();

    /** The journal's content; the image identity decides whether it applies. */
    record Content(int version, String target, String image, long size, String sha256, String etag, long chunkSize,
                   int chunks, String done) {
    }

    private final Path file;

    private RestoreJournal(Path file) {
        this.file = file;
    }

    /** The journal of {@code target}, kept in {@code folder} under a name derived from the target's path. */
    static RestoreJournal forTarget(Path folder, Path target) {
        String name = target.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return new RestoreJournal(folder.resolve("restore" + name + ".journal.json"));
    }

    Path file() {
        return file;
    }

    /** The chunks listed as done, when the journal exists, is readable and is about this exact image. */
    Optional<BitSet> load(Manifest manifest) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Content c = parse(Files.readAllBytes(file));
            boolean same = c.version() == 1 && Objects.equals(c.image(), manifest.name()) && c.size() == manifest.size()
                    && manifest.sha256().equalsIgnoreCase(String.valueOf(c.sha256()))
                    && Objects.equals(c.etag(), manifest.etag()) && c.chunkSize() == manifest.chunkSize()
                    && c.chunks() == manifest.chunkCount();
            if (!same) {
                return Optional.empty();
            }
            BitSet done = BitSet.valueOf(Base64.getDecoder().decode(c.done()));
            return Optional.of(done.get(0, manifest.chunkCount()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    void save(Manifest manifest, Path target, BitSet done) throws IOException {
        Content c = new Content(1, target.toAbsolutePath().toString(), manifest.name(), manifest.size(), manifest.sha256(),
                manifest.etag(), manifest.chunkSize(), manifest.chunkCount(), Base64.getEncoder().encodeToString(done.toByteArray()));
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = render(c);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] render(Content c) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 + c.done().length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", c.version());
            g.writeStringField("target", c.target());
            g.writeStringField("image", c.image());
            g.writeNumberField("size", c.size());
            g.writeStringField("sha256", c.sha256());
            g.writeStringField("etag", c.etag());
            g.writeNumberField("chunkSize", c.chunkSize());
            g.writeNumberField("chunks", c.chunks());
            g.writeStringField("done", c.done());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static Content parse(byte[] json) throws IOException {
        java.util.Map<String, String> v = new java.util.HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a journal");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    v.put(field, value == JsonToken.VALUE_NULL ? null : p.getValueAsString());
                }
            }
        }
        return new Content(Integer.parseInt(v.getOrDefault("version", "0")), v.get("target"), v.get("image"),
                Long.parseLong(v.getOrDefault("size", "-1")), v.get("sha256"), v.get("etag"),
                Long.parseLong(v.getOrDefault("chunkSize", "-1")), Integer.parseInt(v.getOrDefault("chunks", "-1")),
                v.getOrDefault("done", ""));
    }

    /** Forgets a journal about another image before this restore overwrites its chunks. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
