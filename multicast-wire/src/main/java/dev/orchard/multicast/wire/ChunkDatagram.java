package dev.orchard.multicast.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

import static dev.orchard.multicast.wire.MalformedDatagramException.Reason;

/**
 * One datagram of a multicast image stream: a slice of one chunk of the image's manifest (docs/multicast.md,
 * "The datagram"). Big-endian (network order, RFC 1700), fixed 60-byte header:
 *
 * <pre>
 *  0  magic "ORMC"            4   6  payload length   2   40 chunk count       4   52 pass             4
 *  4  version (1)             1   8  image sha256    32   44 chunk index       4   56 CRC32C           4
 *  5  flags (0)               1                           48 offset in chunk   4   60 payload
 * </pre>
 *
 * The CRC32C (RFC 3720 §B.4, {@link CRC32C}) covers the header before it and the payload: UDP's own checksum
 * is optional over IPv4 (RFC 768) and too weak to keep another program's datagrams on the same group out, so
 * random bytes decode with a probability of about 2<sup>-32</sup> after the magic, version and field checks,
 * and a receiver still verifies each completed chunk by its sha256. {@code pass} counts the sender's loops
 * over the image, so a receiver knows when the stream has gone round once.
 *
 * @param image        the whole image's sha256 (the manifest's), the stream's identity
 * @param chunkCount   the manifest's number of chunks
 * @param chunkIndex   which chunk, {@code [0, chunkCount)}
 * @param offsetInChunk where the payload starts in that chunk
 * @param pass         the sender's loop number over the image, from 0
 * @param payload      1 to {@link #MAX_PAYLOAD} bytes of the chunk
 */
public record ChunkDatagram(ImageHash image, int chunkCount, int chunkIndex, int offsetInChunk, int pass, byte[] payload) {

    /** "ORMC": ORchard MultiCast. */
    public static final int MAGIC = 0x4F524D43;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 60;
    /** An Ethernet MTU of 1500 less the IPv4 (20) and UDP (8) headers (RFC 791, RFC 768): never fragmented. */
    public static final int MAX_DATAGRAM = 1472;
    public static final int MAX_PAYLOAD = MAX_DATAGRAM - HEADER_LENGTH;

    private static final int CRC_AT = 56;

    public ChunkDatagram {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(payload, "payload");
        if (chunkCount <= 0 || chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " of " + chunkCount);
        }
        if (offsetInChunk < 0 || pass < 0) {
            throw new IllegalArgumentException("offset " + offsetInChunk + " and pass " + pass + " must be >= 0");
        }
        if (payload.length == 0 || payload.length > MAX_PAYLOAD || (long) offsetInChunk + payload.length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes at " + offsetInChunk
                    + ": 1 to " + MAX_PAYLOAD + " bytes within a chunk");
        }
    }

    public int encodedLength() {
        return HEADER_LENGTH + payload.length;
    }

    /** Writes the datagram at {@code dst}'s position and advances it. */
    public void encodeTo(ByteBuffer dst) {
        if (dst.remaining() < encodedLength()) {
            throw new IllegalArgumentException("needs " + encodedLength() + " bytes, " + dst.remaining() + " left");
        }
        int start = dst.position();
        dst.putInt(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) payload.length)
                .put(image.toBytes()).putInt(chunkCount).putInt(chunkIndex).putInt(offsetInChunk).putInt(pass);
        int crcAt = dst.position();
        dst.putInt(0).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(dst.duplicate().position(start).limit(crcAt));
        crc.update(payload);
        dst.putInt(crcAt, (int) crc.getValue());
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        encodeTo(b);
        return b.array();
    }

    /**
     * Decodes the bytes between {@code datagram}'s position and limit (neither is changed). Strict: every
     * field is checked, the length must be exact and the CRC32C must match; anything else is a
     * {@link MalformedDatagramException} naming what was wrong, never another exception.
     */
    public static ChunkDatagram decode(ByteBuffer datagram) throws MalformedDatagramException {
        ByteBuffer b = datagram.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        int length = b.remaining();
        if (length < HEADER_LENGTH) {
            throw new MalformedDatagramException(Reason.TOO_SHORT, length + " bytes, a header is " + HEADER_LENGTH);
        }
        if (length > MAX_DATAGRAM) {
            throw new MalformedDatagramException(Reason.TOO_LONG, length + " bytes, at most " + MAX_DATAGRAM);
        }
        int at = b.position();
        if (b.getInt(at) != MAGIC) {
            throw new MalformedDatagramException(Reason.MAGIC, String.format("magic 0x%08x is not ORMC", b.getInt(at)));
        }
        int version = b.get(at + 4) & 0xff;
        if (version != VERSION) {
            throw new MalformedDatagramException(Reason.VERSION, "version " + version + ", this side speaks " + VERSION);
        }
        if (b.get(at + 5) != 0) {
            throw new MalformedDatagramException(Reason.FLAGS, "flags 0x" + Integer.toHexString(b.get(at + 5) & 0xff) + " are reserved (0)");
        }
        int payloadLength = b.getShort(at + 6) & 0xffff;
        if (payloadLength == 0 || payloadLength != length - HEADER_LENGTH) {
            throw new MalformedDatagramException(Reason.LENGTH, "payload length " + payloadLength + " but "
                    + (length - HEADER_LENGTH) + " bytes follow the header");
        }
        byte[] digest = new byte[ImageHash.LENGTH];
        b.get(at + 8, digest);
        int count = b.getInt(at + 40);
        int index = b.getInt(at + 44);
        int offset = b.getInt(at + 48);
        int pass = b.getInt(at + 52);
        if (count <= 0 || index < 0 || index >= count || offset < 0 || pass < 0
                || (long) offset + payloadLength > Integer.MAX_VALUE) {
            throw new MalformedDatagramException(Reason.FIELD, "chunk " + index + " of " + count + ", offset " + offset
                    + ", pass " + pass + " are out of range");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(at).limit(at + CRC_AT));
        crc.update(b.duplicate().position(at + HEADER_LENGTH).limit(at + length));
        int sent = b.getInt(at + CRC_AT);
        if ((int) crc.getValue() != sent) {
            throw new MalformedDatagramException(Reason.CHECKSUM, String.format("CRC32C 0x%08x, computed 0x%08x",
                    sent, (int) crc.getValue()));
        }
        byte[] payload = new byte[payloadLength];
        b.get(at + HEADER_LENGTH, payload);
        return new ChunkDatagram(ImageHash.of(digest), count, index, offset, pass, payload);
    }

    /** True when this datagram belongs to the stream of {@code expected} (cheap: no copy). */
    public boolean isOf(ImageHash expected) {
        return image.equals(expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkDatagram d && image.equals(d.image) && chunkCount == d.chunkCount
                && chunkIndex == d.chunkIndex && offsetInChunk == d.offsetInChunk && pass == d.pass
                && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, chunkCount, chunkIndex, offsetInChunk, pass, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "ChunkDatagram[image=" + image.hex().substring(0, 12) + "…, chunk " + chunkIndex + "/" + chunkCount
                + " @" + offsetInChunk + ", pass " + pass + ", " + payload.length + " bytes]";
    }
}
