package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The sha256 of the whole image, computed in image order on its own thread. It keeps a copy of the
 * digest at the end of the last verified chunk: a slice that starts there again (after a dropped
 * connection or a bad chunk) rolls back to it, so unverified bytes never stay in the digest.
 */
final class WholeImageHasher {

    private final Manifest manifest;
    private MessageDigest digest;
    private MessageDigest committed;
    private long committedEnd;
    private long end;

    WholeImageHasher(Manifest manifest, MessageDigest fresh) {
        this.manifest = manifest;
        this.digest = fresh;
        this.committed = copy(fresh);
    }

    void accept(Slice slice) {
        if (slice.position() != end) {
            if (slice.position() != committedEnd) {
                throw new IllegalStateException("whole-image hash out of order: verified up to " + committedEnd
                        + ", hashed up to " + end + ", next slice at " + slice.position());
            }
            digest = copy(committed);
            end = committedEnd;
        }
        ByteBuffer bytes = slice.bytes();
        for (int chunk : slice.verifiedChunks()) {
            long chunkEnd = manifest.chunk(chunk).end();
            bytes.limit((int) (chunkEnd - slice.position()));
            digest.update(bytes);
            committed = copy(digest);
            committedEnd = chunkEnd;
        }
        bytes.limit(slice.length());
        digest.update(bytes);
        end = slice.position() + slice.length();
    }

    /** The digest of everything verified; {@code null} if not all of the image was. */
    byte[] finish() {
        if (committedEnd != manifest.size()) {
            return null;
        }
        return copy(committed).digest();
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of the JDK are cloneable", e);
        }
    }
}
