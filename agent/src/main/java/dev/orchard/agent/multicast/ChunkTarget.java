package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Sha256Hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The target as the multicast writer uses it: positioned writes, a chunk read back into one reused buffer, and
 * the sha256 check of a chunk against its manifest entry. Its failures are {@link TargetException}s, so callers
 * that forgive the network (the slice repair) can still tell a failing disk apart. One thread at a time.
 */
final class ChunkTarget implements AutoCloseable {

    /** The target failed (not the network): the restore cannot go on from this disk. */
    static final class TargetException extends IOException {
        TargetException(String what, IOException cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }

    private final FileChannel file;
    private final ByteBuffer readBack;
    private final MessageDigest sha256;

    ChunkTarget(Path target, int chunkSize) throws IOException {
        this.file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.readBack = ByteBuffer.allocate(chunkSize);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            file.close();
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** Writes {@code b}'s remaining bytes at {@code position}. */
    void write(ByteBuffer b, long position, String what) throws TargetException {
        long at = position - b.position();
        try {
            while (b.hasRemaining()) {
                file.write(b, at + b.position());
            }
        } catch (IOException e) {
            throw new TargetException(what, e);
        }
    }

    /** Reads {@code length} bytes at {@code offset} back (short if the target ends first); valid until the next call. */
    ByteBuffer readBack(long offset, int length, String what) throws TargetException {
        readBack.clear().limit(length);
        try {
            while (readBack.hasRemaining()) {
                if (file.read(readBack, offset + readBack.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new TargetException(what, e);
        }
        return readBack.flip();
    }

    /** True when {@code bytes} (all remaining) hash to {@code sha256Hex}. */
    boolean matches(ByteBuffer bytes, String sha256Hex) {
        sha256.update(bytes);
        return MessageDigest.isEqual(sha256.digest(), Sha256Hex.toBytes(sha256Hex));
    }

    void force() throws IOException {
        file.force(false);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
