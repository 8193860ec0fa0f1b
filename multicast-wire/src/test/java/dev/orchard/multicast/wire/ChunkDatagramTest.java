package dev.orchard.multicast.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkDatagramTest {

    static final ImageHash IMAGE = ImageHash.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    static ChunkDatagram sample() {
        return new ChunkDatagram(IMAGE, 16, 3, 1412, 2, "hello, lab".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void theHeaderIsLaidOutAsDocumented() {
        byte[] wire = sample().encode();
        ByteBuffer b = ByteBuffer.wrap(wire);
        assertThat(wire).hasSize(ChunkDatagram.HEADER_LENGTH + 10);
        assertThat(new String(wire, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ORMC");
        assertThat(wire[4]).isEqualTo((byte) 1);
        assertThat(wire[5]).isZero();
        assertThat(b.getShort(6)).isEqualTo((short) 10);
        assertThat(HexFormat.of().formatHex(wire, 8, 40)).isEqualTo(IMAGE.hex());
        assertThat(b.getInt(40)).isEqualTo(16);
        assertThat(b.getInt(44)).isEqualTo(3);
        assertThat(b.getInt(48)).isEqualTo(1412);
        assertThat(b.getInt(52)).isEqualTo(2);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(wire, 0, 56);
        crc.update(wire, 60, 10);
        assertThat(b.getInt(56)).isEqualTo((int) crc.getValue());
    }

    @Test
    void roundTripsWithoutMovingTheCallersBuffer() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2000);
        b.position(7);
        sample().encodeTo(b);
        b.flip().position(7);
        ChunkDatagram back = ChunkDatagram.decode(b);
        assertThat(back).isEqualTo(sample());
        assertThat(b.position()).isEqualTo(7);
        assertThat(back.isOf(IMAGE)).isTrue();
        assertThat(back.isOf(ImageHash.parse("0".repeat(64)))).isFalse();
    }

    @Test
    void eachBrokenFieldIsNamed() {
        assertReason(mutate(w -> w[0] = 'X'), MalformedDatagramException.Reason.MAGIC);
        assertReason(mutate(w -> w[4] = 2), MalformedDatagramException.Reason.VERSION);
        assertReason(mutate(w -> w[5] = 1), MalformedDatagramException.Reason.FLAGS);
        assertReason(mutate(w -> w[7] = 11), MalformedDatagramException.Reason.LENGTH);
        assertReason(mutate(w -> w[47] = 16), MalformedDatagramException.Reason.FIELD);  // index == count
        assertReason(mutate(w -> w[48] = (byte) 0x80), MalformedDatagramException.Reason.FIELD);  // negative offset
        assertReason(mutate(w -> w[52] = (byte) 0x80), MalformedDatagramException.Reason.FIELD);  // negative pass
        assertReason(mutate(w -> w[20] ^= 1), MalformedDatagramException.Reason.CHECKSUM);  // the image hash
        assertReason(mutate(w -> w[65] ^= 0x40), MalformedDatagramException.Reason.CHECKSUM);  // the payload
        assertReason(new byte[59], MalformedDatagramException.Reason.TOO_SHORT);
        assertReason(new byte[ChunkDatagram.MAX_DATAGRAM + 1], MalformedDatagramException.Reason.TOO_LONG);
    }

    @Test
    void theLargestPayloadFitsAn1500ByteMtu() throws Exception {
        ChunkDatagram big = new ChunkDatagram(IMAGE, 1, 0, 0, 0, new byte[ChunkDatagram.MAX_PAYLOAD]);
        assertThat(big.encode()).hasSize(1500 - 20 - 8);
        assertThat(ChunkDatagram.decode(ByteBuffer.wrap(big.encode()))).isEqualTo(big);
        assertThatThrownBy(() -> new ChunkDatagram(IMAGE, 1, 0, 0, 0, new byte[ChunkDatagram.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkDatagram(IMAGE, 1, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imageHashesAreStrict() {
        assertThat(ImageHash.parse(IMAGE.hex().toUpperCase(java.util.Locale.ROOT))).isEqualTo(IMAGE);
        assertThatThrownBy(() -> ImageHash.parse("xyz")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ImageHash.parse("g".repeat(64))).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ImageHash.of(new byte[31])).hasMessageContaining("32 bytes");
    }

    private static byte[] mutate(java.util.function.Consumer<byte[]> change) {
        byte[] wire = sample().encode();
        change.accept(wire);
        return wire;
    }

    private static void assertReason(byte[] wire, MalformedDatagramException.Reason reason) {
        assertThatThrownBy(() -> ChunkDatagram.decode(ByteBuffer.wrap(wire)))
                .isInstanceOfSatisfying(MalformedDatagramException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
