package dev.orchard.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A file the stand-in serves, with its strong ETag and (for images) its chunk manifest per docs/agent-api.md. */
final class ServedFile {

    final Path file;
    final long size;
    final String etag;
    final String sha256;
    final Map<String, Object> manifest;

    ServedFile(String name, Path file, long chunkSize) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        this.etag = "\"" + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "-" + Long.toHexString(size) + "\"";
        List<Map<String, Object>> chunks = new ArrayList<>();
        MessageDigest whole = sha();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunkSize, 8 << 20));
            long offset = 0;
            int index = 0;
            while (offset < size) {
                long length = Math.min(chunkSize, size - offset);
                MessageDigest chunk = sha();
                long left = length;
                long at = offset;
                while (left > 0) {
                    buf.clear().limit((int) Math.min(buf.capacity(), left));
                    int n = in.read(buf, at);
                    buf.flip();
                    chunk.update(buf.duplicate());
                    whole.update(buf);
                    at += n;
                    left -= n;
                }
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("index", index++);
                c.put("offset", offset);
                c.put("length", length);
                c.put("sha256", HexFormat.of().formatHex(chunk.digest()));
                chunks.add(c);
                offset += length;
            }
        }
        this.sha256 = HexFormat.of().formatHex(whole.digest());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("size", size);
        m.put("sha256", sha256);
        m.put("chunkSize", chunkSize);
        m.put("etag", etag);
        m.put("modified", Files.getLastModifiedTime(file).toInstant().toString());
        m.put("chunks", chunks);
        this.manifest = m;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = sha();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            int n;
            while ((n = in.read(b)) > 0) {
                d.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
