package dev.orchard.ops.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of the webhook outbox, {@code <data_dir>/webhooks/outbox.log}, framed as the journal's segments are
 * (docs/journal.md): an 8-byte header {@code ORCHOOK1}, then frames of u32 length (big-endian) · u32 CRC32C of
 * the payload · payload, one JSON {@link Entry} each. A frame is valid only when complete with a matching
 * checksum, so a write torn by a crash is found and cut off at the last whole frame.
 */
final class OutboxFile {

    static final byte[] MAGIC = "ORCHOOK1".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_OVERHEAD = 8;
    /** Bodies are a few hundred bytes (messages are capped at 4 KiB); anything larger is corruption. */
    static final int MAX_PAYLOAD = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** {@code queued}: a delivery to make; {@code settled}: it left the outbox, with its outcome. */
    record Entry(String kind, String receiver, String id, String type, Instant queuedAt, String body, String outcome) {

        static Entry queued(Delivery d) {
            return new Entry("queued", d.receiver(), d.id(), d.type(), d.queuedAt(),
                    new String(d.body(), StandardCharsets.UTF_8), null);
        }

        static Entry settled(String receiver, String id, WebhookMetrics.Outcome outcome) {
            return new Entry("settled", receiver, id, null, null, null, outcome.name().toLowerCase(java.util.Locale.ROOT));
        }

        Delivery delivery() {
            return new Delivery(receiver, id, type, queuedAt, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a start found: the entries of the valid frames, in order, and where the valid part ends. */
    record Contents(List<Entry> entries, long validBytes, long discardedBytes, boolean headerValid) {
    }

    private OutboxFile() {
    }

    static ByteBuffer header() {
        return ByteBuffer.wrap(MAGIC.clone());
    }

    static ByteBuffer frame(Entry e) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot encode an outbox entry", ex);
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        b.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return b;
    }

    /** Reads every valid frame of {@code file} (which must exist); stops at the first damaged or torn one. */
    static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            return new Contents(List.of(), 0, all.length, false);
        }
        List<Entry> entries = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(MAGIC.length);
        int valid = MAGIC.length;
        while (b.remaining() >= FRAME_OVERHEAD) {
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0 || length > MAX_PAYLOAD || length > b.remaining()
                    || crc(all, b.position(), length) != crc) {
                break;
            }
            try {
                entries.add(JSON.readValue(all, b.position(), length, Entry.class));
            } catch (IOException e) {
                break; // a checksummed frame that is not an entry: written by something else, stop trusting the rest
            }
            b.position(b.position() + length);
            valid = b.position();
        }
        return new Contents(entries, valid, all.length - valid, true);
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }
}
