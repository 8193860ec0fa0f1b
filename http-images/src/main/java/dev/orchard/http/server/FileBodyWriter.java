package dev.orchard.http.server;

import dev.orchard.http.files.OpenedFile;
import dev.orchard.http.files.PageCache;
import dev.orchard.http.spi.HttpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Streams a response body from an open file, one bounded chunk in flight at a time, so memory stays flat
 * whatever the file size and a client that stops reading simply stops the pump (the idle timeout then
 * closes it).
 * <ul>
 * <li>Plain HTTP: each chunk is a zero-copy {@link BorrowedFileRegion} ({@code sendfile}). A chunk whose pages
 * are not all cached is first read on a worker thread ({@link PageCache}), so a cold disk never stalls the
 * event loop.</li>
 * <li>TLS: each chunk is read into a buffer on a worker thread and written through the {@code SslHandler}.</li>
 * </ul>
 * The descriptor was opened once, with the length fixed then: if the file is truncated meanwhile, the
 * transfer fails ({@code DefaultFileRegion} validates the size, and reads come back short) and the
 * connection is closed rather than left hanging (Netty #8868).
 */
final class FileBodyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FileBodyWriter.class);
    private static final int MAX_SYNC_DEPTH = 8;

    private final Exchange exchange;
    private final ChannelHandlerContext ctx;
    private final OpenedFile file;
    private final ArrayDeque<BodyPart> parts;
    private final boolean zeroCopy;
    private final int chunkBytes;
    private final IoWorkers io;
    private final HttpMetrics metrics;
    private final int status;
    private long offsetInPart;
    private int depth;
    private boolean done;

    FileBodyWriter(Exchange exchange, OpenedFile file, List<BodyPart> parts, boolean zeroCopy, int chunkBytes,
                   IoWorkers io, HttpMetrics metrics, int status) {
        this.exchange = exchange;
        this.ctx = exchange.ctx();
        this.file = file;
        this.parts = new ArrayDeque<>(parts);
        this.zeroCopy = zeroCopy;
        this.chunkBytes = chunkBytes;
        this.io = io;
        this.metrics = metrics;
        this.status = status;
    }

    /** Starts sending; the headers must already have been written. Event loop only. */
    void start() {
        next();
    }

    private void next() {
        if (done) {
            return;
        }
        if (!ctx.channel().isActive()) {
            fail(null);
            return;
        }
        while (!parts.isEmpty()) {
            BodyPart part = parts.peek();
            if (part instanceof BodyPart.Bytes bytes) {
                parts.poll();
                ctx.write(bytes.buf(), ctx.voidPromise());
                continue;
            }
            BodyPart.FileRange range = (BodyPart.FileRange) part;
            long left = range.length() - offsetInPart;
            if (left <= 0) {
                parts.poll();
                offsetInPart = 0;
                continue;
            }
            int len = (int) Math.min(chunkBytes, left);
            long position = range.first() + offsetInPart;
            offsetInPart += len;
            sendChunk(position, len);
            return;
        }
        done = true;
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        last.addListener(f -> file.close());
        exchange.finish(status, last);
    }

    private void sendChunk(long position, int len) {
        if (zeroCopy) {
            if (file.resident(position, len)) {
                writeRegion(position, len);
                return;
            }
            offload(() -> {
                PageCache.warm(file.channel(), position, len, io.scratch());
                ctx.executor().execute(() -> writeRegion(position, len));
            });
        } else {
            offload(() -> {
                ByteBuf buf = ctx.alloc().directBuffer(len);
                boolean handedOver = false;
                try {
                    int n = buf.writeBytes(file.channel(), position, len);
                    while (n > 0 && buf.writableBytes() > 0 && buf.writerIndex() < len) {
                        n = buf.writeBytes(file.channel(), position + buf.writerIndex(), len - buf.writerIndex());
                    }
                    if (buf.readableBytes() < len) {
                        throw new IOException("file became shorter while being sent: " + file.path());
                    }
                    handedOver = true;
                    ctx.executor().execute(() -> writeBuffer(buf));
                } finally {
                    if (!handedOver) {
                        buf.release();
                    }
                }
            });
        }
    }

    private void offload(IoTask task) {
        try {
            io.executor().execute(() -> {
                try {
                    task.run();
                } catch (IOException | RuntimeException e) {
                    ctx.executor().execute(() -> fail(e));
                }
            });
        } catch (RuntimeException rejected) {
            fail(rejected); // shutting down
        }
    }

    private void writeRegion(long position, int len) {
        if (done) {
            return;
        }
        ctx.writeAndFlush(new BorrowedFileRegion(file.channel(), position, len)).addListener(f -> written(f.isSuccess(),
                f.cause(), len));
    }

    private void writeBuffer(ByteBuf buf) {
        if (done) {
            buf.release();
            return;
        }
        int len = buf.readableBytes();
        ctx.writeAndFlush(buf).addListener(f -> written(f.isSuccess(), f.cause(), len));
    }

    private void written(boolean ok, Throwable cause, int len) {
        if (!ok) {
            fail(cause);
            return;
        }
        metrics.bytesSent(exchange.route(), len);
        // a write that completes inside writeAndFlush calls back synchronously: bound the recursion
        if (depth >= MAX_SYNC_DEPTH) {
            ctx.executor().execute(this::next);
            return;
        }
        depth++;
        try {
            next();
        } finally {
            depth--;
        }
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        for (BodyPart p : parts) {
            if (p instanceof BodyPart.Bytes bytes) {
                bytes.buf().release();
            }
        }
        parts.clear();
        file.close();
        if (cause != null) {
            LOG.debug("sending {} to {} failed: {}", file.path(), ctx.channel().remoteAddress(), cause.toString());
        }
        exchange.abort(status);
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }
}
