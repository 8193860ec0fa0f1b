package dev.orchard.tftp.client;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a fetched file goes, block by block in order. Called on the transfer's event loop.
 */
public interface TransferSink {

    /** Appends {@code data} (readable bytes; do not retain or release it). */
    void write(ByteBuf data) throws IOException;

    /** The last block arrived. */
    void finish() throws IOException;

    /** The transfer failed; drop what was written. */
    void abort();

    /** Writes to {@code file}, created or truncated; deleted when the transfer fails. */
    static TransferSink toFile(Path file) {
        return new TransferSink() {
            private FileChannel channel;

            @Override
            public void write(ByteBuf data) throws IOException {
                if (channel == null) {
                    open();
                }
                data.readBytes(channel, data.readableBytes());
            }

            private void open() throws IOException {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }

            @Override
            public void finish() throws IOException {
                if (channel == null) {
                    open();
                }
                channel.close();
            }

            @Override
            public void abort() {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                    java.nio.file.Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // best effort clean-up of a partial file
                }
            }
        };
    }

    /** Keeps nothing but a SHA-256 of the bytes (for load runs and size checks). */
    static DigestSink digest() {
        return new DigestSink();
    }

    /** A sink that only hashes; {@link #sha256()} after the transfer. */
    final class DigestSink implements TransferSink {
        private final MessageDigest md;
        private final byte[] chunk = new byte[8192];
        private String hex;

        DigestSink() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(ByteBuf data) {
            while (data.isReadable()) {
                int n = Math.min(chunk.length, data.readableBytes());
                data.readBytes(chunk, 0, n);
                md.update(chunk, 0, n);
            }
        }

        @Override
        public void finish() {
            hex = HexFormat.of().formatHex(md.digest());
        }

        @Override
        public void abort() {
        }

        /** Lower-case hex SHA-256, available after the transfer completed. */
        public String sha256() {
            return hex;
        }
    }

    /** Discards the bytes (the result still counts them). */
    static TransferSink discard() {
        return new TransferSink() {
            @Override
            public void write(ByteBuf data) {
                data.skipBytes(data.readableBytes());
            }

            @Override
            public void finish() {
            }

            @Override
            public void abort() {
            }
        };
    }
}
