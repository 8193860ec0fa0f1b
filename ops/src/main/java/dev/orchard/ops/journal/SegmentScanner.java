package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads the frames of one segment in order and stops at the first frame that is incomplete, fails its
 * checksum or does not decode. Never writes: the owner decides whether to cut the file there (the
 * active segment after a crash) or only to stop reading (a reader while a server appends).
 */
final class SegmentScanner {

    /** How far the segment is valid. {@code validEnd < fileSize} means a torn or damaged tail. */
    record Scan(long validEnd, long fileSize, int records, String problem) {
        boolean clean() {
            return validEnd == fileSize;
        }
    }

    private static final int CHUNK = 1 << 16;

    private SegmentScanner() {
    }

    static Scan scan(Path segment, Consumer<JournalRecord> sink) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            // snapshot the size once: a concurrent appender may grow the file while we read
            ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
            readFully(ch, header, 0);
            if (header.position() < SegmentFormat.HEADER_BYTES
                    || !Arrays.equals(header.array(), SegmentFormat.MAGIC)) {
                return new Scan(0, size, 0, size == 0 ? "empty file" : "not a journal segment (bad header)");
            }
            long pos = SegmentFormat.HEADER_BYTES;
            int records = 0;
            ByteBuffer head = ByteBuffer.allocate(SegmentFormat.FRAME_OVERHEAD);
            byte[] payload = new byte[CHUNK];
            while (pos < size) {
                head.clear();
                readFully(ch, head, pos);
                if (head.position() < SegmentFormat.FRAME_OVERHEAD) {
                    return new Scan(pos, size, records, "incomplete frame header at byte " + pos);
                }
                int length = head.getInt(0);
                int crc = head.getInt(4);
                if (length <= 0 || length > SegmentFormat.MAX_PAYLOAD
                        || pos + SegmentFormat.FRAME_OVERHEAD + length > size) {
                    return new Scan(pos, size, records, "incomplete or invalid frame at byte " + pos);
                }
                if (payload.length < length) {
                    payload = new byte[length];
                }
                ByteBuffer body = ByteBuffer.wrap(payload, 0, length);
                readFully(ch, body, pos + SegmentFormat.FRAME_OVERHEAD);
                if (body.position() < length || SegmentFormat.crc(payload, 0, length) != crc) {
                    return new Scan(pos, size, records, "checksum mismatch at byte " + pos);
                }
                JournalRecord r;
                try {
                    r = SegmentFormat.decode(payload, 0, length);
                } catch (IOException | RuntimeException e) {
                    return new Scan(pos, size, records, "undecodable record at byte " + pos + ": " + e.getMessage());
                }
                sink.accept(r);
                records++;
                pos += SegmentFormat.FRAME_OVERHEAD + length;
            }
            return new Scan(pos, size, records, null);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                return;
            }
            p += n;
        }
    }
}
