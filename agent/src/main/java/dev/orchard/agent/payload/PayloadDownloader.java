package dev.orchard.agent.payload;

import dev.orchard.agent.api.PayloadRef;
import dev.orchard.agent.api.Sha256Hex;
import dev.orchard.agent.transfer.HttpSettings;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.agent.transfer.RangeSource;
import dev.orchard.agent.transfer.ResourceChangedException;
import dev.orchard.agent.transfer.Retries;
import dev.orchard.agent.transfer.TransferProgress;
import dev.orchard.agent.transfer.VerificationException;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Downloads payloads (installers, packages, profiles) verified by sha256: resumes a dropped connection
 * with {@code Range}/{@code If-Range} (bounded retries with backoff), fetches once more when the digest
 * is wrong, and then gives up with a {@link VerificationException}. A file already present with the
 * right digest is reused, which makes re-runs cheap.
 */
public final class PayloadDownloader {

    private static final int BUFFER = 1 << 20;

    private final RangeOpener opener;
    private final HttpSettings settings;

    public PayloadDownloader(RangeSource source, HttpSettings settings) {
        this.opener = new RangeOpener(source);
        this.settings = settings;
    }

    /** What a download did: bytes received over the network and whether an existing file was reused. */
    public record Outcome(long bytesFetched, long size, boolean reused) {
    }

    /** Downloads {@code ref} (url already resolved to {@code url}) to {@code dest}, through {@code dest.part}. */
    public Outcome toFile(URI url, PayloadRef ref, Path dest, TransferProgress progress) throws IOException {
        if (Files.isRegularFile(dest) && (ref.size() == null || Files.size(dest) == ref.size())
                && Arrays.equals(sha256Of(dest), Sha256Hex.toBytes(ref.sha256()))) {
            long size = Files.size(dest);
            progress.bytes(size, size);
            return new Outcome(0, size, true);
        }
        Files.createDirectories(dest.toAbsolutePath().getParent());
        Path part = dest.resolveSibling(dest.getFileName() + ".part");
        Outcome outcome;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            outcome = into(url, ref, out, progress);
            out.force(true);
        }
        Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return outcome;
    }

    /**
     * Streams {@code ref} into {@code out} from position 0 and verifies it; on a digest mismatch the whole
     * payload is fetched once more, then a {@link VerificationException} names both digests. The caller
     * truncates a regular file to {@link Outcome#size()} if it may have been longer.
     */
    public Outcome into(URI url, PayloadRef ref, FileChannel out, TransferProgress progress) throws IOException {
        byte[] expected = Sha256Hex.toBytes(ref.sha256());
        long fetched = 0;
        String lastProblem = null;
        for (int round = 1; round <= 2; round++) {
            Attempt attempt = new Attempt(url, ref, out, progress);
            try {
                attempt.run();
            } catch (ResourceChangedException changed) {
                lastProblem = changed.getMessage();
                fetched += attempt.fetched;
                progress.refetching(lastProblem);
                continue;
            }
            fetched += attempt.fetched;
            byte[] actual = attempt.digest.digest();
            boolean sizeOk = ref.size() == null || attempt.position == ref.size();
            if (sizeOk && Arrays.equals(actual, expected)) {
                return new Outcome(fetched, attempt.position, false);
            }
            lastProblem = sizeOk
                    ? "sha256 is " + Sha256Hex.of(actual) + ", expected " + ref.sha256()
                    : "size is " + attempt.position + " bytes, expected " + ref.size();
            if (round == 1) {
                progress.refetching(url.getPath() + ": " + lastProblem + "; fetching it once more");
            }
        }
        throw new VerificationException(url.getPath() + ": " + lastProblem + " (fetched twice)");
    }

    /** One pass over the payload, resuming dropped connections from where it got. */
    private final class Attempt {
        private final URI url;
        private final PayloadRef ref;
        private final FileChannel out;
        private final TransferProgress progress;
        private final MessageDigest digest = newDigest();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        private long position;
        private long fetched;
        private String etag;

        Attempt(URI url, PayloadRef ref, FileChannel out, TransferProgress progress) {
            this.url = url;
            this.ref = ref;
            this.out = out;
            this.progress = progress;
        }

        void run() throws IOException {
            int failures = 0;
            long total = ref.size() == null ? -1 : ref.size();
            while (true) {
                long before = position;
                try (RangeResponse response = opener.openAt(url, position, -1, etag)) {
                    if (etag == null && response.etag() != null && !response.etag().startsWith("W/")) {
                        etag = response.etag();
                    }
                    if (total < 0 && response.bodyLength() >= 0) {
                        total = position + response.bodyLength();
                    }
                    copy(response, total);
                    return;
                } catch (IOException e) {
                    if (!Retries.retryable(e)) {
                        throw e;
                    }
                    failures = position > before ? 1 : failures + 1;
                    if (failures > settings.retries()) {
                        throw new IOException(url.getPath() + ": giving up after " + settings.retries()
                                + " retries without progress: " + e.getMessage(), e);
                    }
                    Duration delay = settings.backoff().delay(failures);
                    progress.retrying(failures, settings.retries(), e, delay);
                    sleep(delay);
                }
            }
        }

        private void copy(RangeResponse response, long total) throws IOException {
            while (true) {
                buffer.clear();
                int n = response.read(buffer);
                if (n < 0) {
                    return;
                }
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    position += out.write(buffer, position);
                }
                fetched += n;
                progress.bytes(position, total);
            }
        }
    }

    private static void sleep(Duration delay) throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The sha256 of a file, streamed. */
    public static byte[] sha256Of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return digest.digest();
    }
}
