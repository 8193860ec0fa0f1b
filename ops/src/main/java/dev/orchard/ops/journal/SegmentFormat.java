package dev.orchard.ops.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The bytes of a journal segment file:
 * <pre>
 *   header  8 bytes  "ORCJRNL1"
 *   frame   u32 length (big-endian) · u32 CRC32C of the payload · payload (UTF-8 JSON of a JournalRecord)
 *   frame   …
 * </pre>
 * A frame is valid only when it is complete and its checksum matches, so a write torn by a crash or
 * power loss is recognised and cut off at the last whole frame. JSON keeps the file readable with
 * standard tools ({@code strings}, {@code jq}) and lets newer versions add fields.
 */
final class SegmentFormat {

    static final byte[] MAGIC = "ORCJRNL1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length;
    static final int FRAME_OVERHEAD = 8;
    /** No record is this large (events are capped at 64 KiB by the API); a bigger length is corruption. */
    static final int MAX_PAYLOAD = 1 << 20;

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL));

    private SegmentFormat() {
    }

    /** The segment file name for id {@code n}; names sort in id order. */
    static String segmentName(long id) {
        return String.format(Locale.ROOT, "journal-%016d.seg", id);
    }

    static ByteBuffer header() {
        return ByteBuffer.wrap(MAGIC.clone());
    }

    /** One frame holding {@code r}. */
    static ByteBuffer frame(JournalRecord r) {
        byte[] payload;
        try {
            payload = JSON.writerFor(JournalRecord.class).writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode journal record", e);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("journal record too large: " + payload.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        b.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return b;
    }

    /** Decodes a payload that passed its checksum. */
    static JournalRecord decode(byte[] payload, int offset, int length) throws IOException {
        return JSON.readerFor(JournalRecord.class).readValue(payload, offset, length);
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }
}
