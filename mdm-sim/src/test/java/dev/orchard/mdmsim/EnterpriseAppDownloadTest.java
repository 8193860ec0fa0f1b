package dev.orchard.mdmsim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated Mac's check of a package against the manifest's chunk hashes (sha256-size + sha256s). */
class EnterpriseAppDownloadTest {

    private static final URI URL = URI.create("https://127.0.0.1/p.pkg");

    @Test
    void everyChunkMatchingItsHashPassesAndAChangedByteOrAMissingChunkFails() throws Exception {
        byte[] pkg = new byte[25_000];
        for (int i = 0; i < pkg.length; i++) {
            pkg[i] = (byte) (i * 7);
        }
        List<String> hashes = List.of(sha(pkg, 0, 10_000), sha(pkg, 10_000, 20_000), sha(pkg, 20_000, 25_000));
        assertThat(EnterpriseAppDownload.checkChunks(new ByteArrayInputStream(pkg), 10_000, hashes, URL))
                .isEqualTo(25_000);

        byte[] changed = pkg.clone();
        changed[15_000] ^= 1;
        assertThatThrownBy(() -> EnterpriseAppDownload.checkChunks(new ByteArrayInputStream(changed), 10_000, hashes, URL))
                .isInstanceOf(IOException.class).hasMessageContaining("chunk 1");
        byte[] shorter = Arrays.copyOf(pkg, 20_000);
        assertThatThrownBy(() -> EnterpriseAppDownload.checkChunks(new ByteArrayInputStream(shorter), 10_000, hashes, URL))
                .isInstanceOf(IOException.class).hasMessageContaining("2 chunks downloaded, the manifest lists 3");
    }

    private static String sha(byte[] b, int from, int to) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(b, from, to)));
    }
}
