package dev.orchard.tftp.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NetasciiTest {

    @Test
    void lfBecomesCrLfAndCrBecomesCrNul() {
        assertThat(encodeAll("a\nb\rc".getBytes(StandardCharsets.US_ASCII), 512))
                .isEqualTo(new byte[] {'a', '\r', '\n', 'b', '\r', 0, 'c'});
    }

    @Test
    void aPairSplitAcrossBlocksIsCarried() {
        // block size 2: "a\n" → "a\r" | "\n"
        byte[] out = encodeAll("a\n".getBytes(StandardCharsets.US_ASCII), 2);
        assertThat(out).isEqualTo(new byte[] {'a', '\r', '\n'});
    }

    @Property(tries = 500)
    void decodeInvertsEncodeForAnyBlockSize(@ForAll @Size(max = 300) byte[] text,
                                            @ForAll @IntRange(min = 1, max = 40) int blockSize) {
        byte[] wire = encodeAll(text, blockSize);
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        for (int i = 0; i < wire.length; i += blockSize) {
            decoder.decode(wire, i, Math.min(blockSize, wire.length - i), local);
        }
        decoder.finish(local);
        assertThat(local.toByteArray()).isEqualTo(text);
    }

    /** Encodes like the server does: block after block from the cursor. */
    static byte[] encodeAll(byte[] text, int blockSize) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        NetasciiEncoder.Cursor at = NetasciiEncoder.Cursor.START;
        byte[] out = new byte[blockSize];
        while (true) {
            int want = (int) Math.min(blockSize, text.length - at.sourceOffset());
            byte[] src = java.util.Arrays.copyOfRange(text, (int) at.sourceOffset(), (int) at.sourceOffset() + want);
            NetasciiEncoder.Step step = NetasciiEncoder.encode(at, src, want, out, 0, blockSize);
            wire.write(out, 0, step.produced());
            at = step.next();
            if (step.produced() < blockSize) {
                return wire.toByteArray();
            }
        }
    }
}
