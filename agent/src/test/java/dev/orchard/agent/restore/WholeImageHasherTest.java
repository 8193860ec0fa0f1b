package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unverified bytes never stay in the whole-image digest. */
class WholeImageHasherTest {

    private static Slice slice(byte[] image, int from, int to, int... verified) {
        ByteBuffer b = ByteBuffer.allocate(to - from);
        b.put(image, from, to - from);
        return new Slice(from, b, to - from, true, verified, null);
    }

    @Test
    void aChunkThatFailedHalfwayIsRolledBackWhenItIsSentAgain() throws Exception {
        byte[] image = new byte[40];
        Arrays.fill(image, (byte) 7);
        Manifest m = BlockRestoreProperties.manifest(image, 10);
        WholeImageHasher hasher = new WholeImageHasher(m, MessageDigest.getInstance("SHA-256"));

        hasher.accept(slice(image, 0, 15, 0));
        byte[] wrong = image.clone();
        wrong[12] = 1;
        hasher.accept(slice(wrong, 15, 18));
        hasher.accept(slice(image, 10, 40, 1, 2, 3));

        assertThat(BlockRestoreProperties.sha256(image)).isEqualTo(dev.orchard.agent.api.Sha256Hex.of(hasher.finish()));
    }

    @Test
    void anIncompleteImageHasNoDigestAndAGapIsABug() throws Exception {
        byte[] image = new byte[30];
        Manifest m = BlockRestoreProperties.manifest(image, 10);
        WholeImageHasher hasher = new WholeImageHasher(m, MessageDigest.getInstance("SHA-256"));
        hasher.accept(slice(image, 0, 10, 0));

        assertThat(hasher.finish()).isNull();
        assertThatThrownBy(() -> hasher.accept(slice(image, 20, 30, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of order");
    }
}
