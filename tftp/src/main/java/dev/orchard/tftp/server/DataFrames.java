package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.TftpEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;

import java.net.InetSocketAddress;

/**
 * The DATA datagrams of one window, laid out back to back in one pooled direct buffer
 * ({@code [opcode|block|payload]…}, each {@code 4 + blksize} octets, only the last may be shorter), so
 * each payload is copied once, from the read-ahead buffer. Written as UDP GSO trains when
 * {@link SegmentationOffload} allows (one send per ≤ 64 datagrams), otherwise as one datagram per block,
 * each a slice of the same buffer; the caller flushes once per batch, which Netty's epoll transport turns
 * into one {@code sendmmsg}.
 *
 * <p>The buffer is reused for the next window when the kernel has taken every datagram of the last one
 * (the datagrams hold references to it; a reference count of 1 means only ours is left), so a transfer
 * allocates once, not once per window; if datagrams are still queued (a full socket buffer), a fresh
 * buffer is taken and the old one is freed when its last datagram is sent.
 */
final class DataFrames {

    /** A window larger than this goes out in several batches (RFC 7440 allows windows of 65535 blocks). */
    static final int MAX_BATCH_OCTETS = 256 * 1024;

    private final int frameSize;
    private final int maxFramesPerBatch;
    private final int segmentsPerSend;
    /** The buffer this transfer owns (one reference); {@link #frames} while a batch is being built. */
    private ByteBuf owned;
    private ByteBuf frames;
    private int count;

    DataFrames(int blockSize) {
        this.frameSize = TftpEncoder.DATA_HEADER + blockSize;
        this.segmentsPerSend = SegmentationOffload.segmentsPerSend(frameSize);
        this.maxFramesPerBatch = Math.max(1, MAX_BATCH_OCTETS / frameSize);
    }

    /** Blocks one {@link #begin} may hold. */
    int maxFramesPerBatch() {
        return maxFramesPerBatch;
    }

    /** Starts a batch of at most {@code blocks} (≤ {@link #maxFramesPerBatch()}) blocks. */
    void begin(Channel channel, int blocks) {
        int capacity = blocks * frameSize;
        if (owned == null || owned.refCnt() != 1 || owned.capacity() < capacity) {
            close();
            owned = channel.alloc().directBuffer(capacity);
        }
        frames = owned.clear();
        count = 0;
    }

    /** Writes the next frame's header; the caller appends the payload to {@link #buffer()}. */
    void header(int wireBlock) {
        TftpEncoder.writeDataHeader(frames, wireBlock);
        count++;
    }

    ByteBuf buffer() {
        return frames;
    }

    /** Frames begun since {@link #begin}. */
    int count() {
        return count;
    }

    /** A block could not be read: drops the batch. */
    void discard() {
        frames = null;
    }

    /**
     * Hands the batch to the channel (unflushed), each datagram holding its own reference to the buffer;
     * returns whether it went as GSO trains.
     */
    boolean write(Channel channel, InetSocketAddress peer, boolean segmentation) {
        ByteBuf window = frames;
        frames = null;
        if (count == 1) {
            channel.write(new DatagramPacket(window.retain(), peer), channel.voidPromise());
            return false;
        }
        boolean gso = segmentation && segmentsPerSend >= 2;
        int step = gso ? segmentsPerSend * frameSize : frameSize;
        for (int start = 0; start < window.writerIndex(); start += step) {
            ByteBuf part = window.retainedSlice(start, Math.min(step, window.writerIndex() - start));
            channel.write(gso ? new SegmentedDatagramPacket(part, frameSize, peer) : new DatagramPacket(part, peer),
                    channel.voidPromise());
        }
        return gso;
    }

    /** The transfer ended: gives up this transfer's reference (datagrams still queued keep theirs). */
    void close() {
        if (owned != null) {
            owned.release();
            owned = null;
        }
        frames = null;
    }
}
