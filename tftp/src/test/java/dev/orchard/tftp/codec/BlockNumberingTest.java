package dev.orchard.tftp.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockNumberingTest {

    @Test
    void wrapToZeroAndToOne() {
        assertThat(BlockNumbering.WRAP_TO_ZERO.wire(65535)).isEqualTo(65535);
        assertThat(BlockNumbering.WRAP_TO_ZERO.wire(65536)).isZero();
        assertThat(BlockNumbering.WRAP_TO_ZERO.wire(65537)).isEqualTo(1);
        assertThat(BlockNumbering.WRAP_TO_ONE.wire(65536)).isEqualTo(1);
        assertThat(BlockNumbering.WRAP_TO_ONE.wire(65536 + 65534)).isEqualTo(65535);
        assertThat(BlockNumbering.WRAP_TO_ONE.wire(65536 + 65535)).isEqualTo(1);
    }

    @Test
    void unwrapFindsTheBlockInTheWindowOnly() {
        for (BlockNumbering n : BlockNumbering.values()) {
            for (long after : new long[] {0, 10, 65530, 65535, 65536, 131070, 200_000}) {
                for (long k = after + 1; k <= after + 16; k++) {
                    assertThat(n.unwrap(n.wire(k), after, after + 16)).as("%s after %d block %d", n, after, k)
                            .isEqualTo(k);
                }
                assertThat(n.unwrap(n.wire(after), after, after + 16)).as("%s duplicate of %d", n, after)
                        .isEqualTo(-1);
                assertThat(n.unwrap(n.wire(after + 17), after, after + 16)).isEqualTo(-1);
            }
        }
    }
}
