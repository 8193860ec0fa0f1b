package dev.orchard.multicast.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a receiver meets on a shared group: garbage, other programs' datagrams, truncated and corrupted copies
 * of real ones. None of them decodes, and decoding never throws anything but {@link MalformedDatagramException}.
 */
class ChunkDatagramFuzzProperties {

    @Property(tries = 2000)
    void garbageNeverDecodes(@ForAll @Size(max = 1600) byte[] garbage) {
        assertRefused(garbage);
    }

    @Property(tries = 2000)
    void garbageBehindAValidPrefixNeverDecodes(@ForAll @Size(min = 0, max = 1500) byte[] tail) {
        // the magic, version and flags right: only the length, field checks and CRC32C stand in the way
        ByteBuffer b = ByteBuffer.allocate(6 + tail.length).putInt(ChunkDatagram.MAGIC).put((byte) 1).put((byte) 0).put(tail);
        assertRefused(b.array());
    }

    @Property(tries = 1000)
    void everyValidDatagramRoundTrips(@ForAll("datagrams") ChunkDatagram d) throws Exception {
        assertThat(ChunkDatagram.decode(ByteBuffer.wrap(d.encode()))).isEqualTo(d);
    }

    @Property(tries = 2000)
    void aFlippedBitIsAlwaysCaught(@ForAll("datagrams") ChunkDatagram d, @ForAll @IntRange(min = 0, max = 1 << 20) int where) {
        byte[] wire = d.encode();
        int bit = where % (wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));
        assertRefused(wire);
    }

    @Property(tries = 1000)
    void aTruncatedOrExtendedDatagramIsAlwaysCaught(@ForAll("datagrams") ChunkDatagram d,
                                                    @ForAll @IntRange(min = -1500, max = 100) int delta) {
        byte[] wire = d.encode();
        int length = Math.max(0, wire.length + (delta == 0 ? 1 : delta));
        assertRefused(java.util.Arrays.copyOf(wire, length));
    }

    @Provide
    Arbitrary<ChunkDatagram> datagrams() {
        Arbitrary<ImageHash> image = Arbitraries.bytes().array(byte[].class).ofSize(32).map(ImageHash::of);
        Arbitrary<int[]> countAndIndex = Arbitraries.integers().between(1, Integer.MAX_VALUE)
                .flatMap(c -> Arbitraries.integers().between(0, c - 1).map(i -> new int[]{c, i}));
        Arbitrary<Integer> offset = Arbitraries.integers().between(0, 1 << 30);
        Arbitrary<Integer> pass = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(ChunkDatagram.MAX_PAYLOAD);
        return Combinators.combine(image, countAndIndex, offset, pass, payload)
                .as((i, ci, o, p, b) -> new ChunkDatagram(i, ci[0], ci[1], o, p, b));
    }

    private static void assertRefused(byte[] wire) {
        Throwable t = catchThrowable(() -> ChunkDatagram.decode(ByteBuffer.wrap(wire)));
        assertThat(t).isInstanceOf(MalformedDatagramException.class);
        assertThat(t.getMessage()).isNotBlank();
    }
}
