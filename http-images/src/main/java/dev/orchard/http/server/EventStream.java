package dev.orchard.http.server;

import dev.orchard.http.api.ApiJson;
import dev.orchard.http.api.PageAnswer;
import dev.orchard.http.api.PageEndpoints;
import dev.orchard.http.spi.LabChanges;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lab page's Server-Sent Events stream (WHATWG HTML, "Server-sent events"; {@code text/event-stream}) on
 * one connection. It never queues events: a journal commit only marks the stream dirty, and at most every
 * {@link #COALESCE_MILLIS} the stream asks the feed for the rows changed since the version it last sent —
 * each Mac once, with its latest state — and writes them as one event. A browser that reads slowly
 * (the channel is not writable) is simply asked later, so a storm of events costs at most one row per Mac
 * per write however slow the reader, and the server holds nothing per event. The event id is the feed's
 * position, so a reconnecting {@code EventSource} resumes with {@code Last-Event-ID}. A comment every
 * {@link #HEARTBEAT_SECONDS} keeps the connection from the idle timeout; when the session ends (logout,
 * expiry) the stream says {@code logout} and closes. Used on the channel's event loop, except the feed
 * read on {@code worker}.
 */
final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final long COALESCE_MILLIS = 100;
    static final long HEARTBEAT_SECONDS = 15;
    /** How long the browser waits before reconnecting (the stream's {@code retry} field). */
    static final long RETRY_MILLIS = 2000;

    private final Exchange exchange;
    private final ChannelHandlerContext ctx;
    private final PageEndpoints page;
    private final PageAnswer.Stream stream;
    private final Executor worker;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private String epoch;
    private long since;
    private boolean reading;
    private boolean dirtyAgain;
    private boolean stopped;
    private AutoCloseable subscription;
    private ScheduledFuture<?> heartbeat;

    EventStream(Exchange exchange, PageEndpoints page, PageAnswer.Stream stream, Executor worker) {
        this.exchange = exchange;
        this.ctx = exchange.ctx();
        this.page = page;
        this.stream = stream;
        this.worker = worker;
        this.epoch = stream.epoch();
        this.since = stream.since();
    }

    void start() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setTransferEncodingChunked(head, true);
        exchange.stamp(head);
        ctx.write(head);
        write("retry: " + RETRY_MILLIS + "\n\n");
        ctx.channel().closeFuture().addListener(f -> ctx.executor().execute(this::stop));
        subscription = page.port().subscribe(this::changed);
        heartbeat = ctx.executor().scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
        flush(); // the snapshot, or what happened since Last-Event-ID
    }

    /** Called by the feed (on the journal's writer thread): only schedules. */
    private void changed() {
        if (scheduled.compareAndSet(false, true)) {
            ctx.executor().schedule(this::flush, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        scheduled.set(false);
        if (stopped) {
            return;
        }
        if (reading) {
            dirtyAgain = true;
            return;
        }
        if (!ctx.channel().isWritable()) {
            // the browser is behind: ask again later; what changed meanwhile is read then, once per Mac
            if (scheduled.compareAndSet(false, true)) {
                ctx.executor().schedule(this::flush, 4 * COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        reading = true;
        String askEpoch = epoch;
        long askSince = since;
        try {
            worker.execute(() -> {
                long cpuBefore = ThreadCpu.now();
                LabChanges changes = null;
                try {
                    changes = page.port().changes(askEpoch, askSince);
                } catch (Exception e) {
                    LOG.warn("lab page: the feed could not be read: {}", e.toString());
                }
                LabChanges read = changes;
                long readCpu = ThreadCpu.since(cpuBefore);
                ctx.executor().execute(() -> send(read, readCpu));
            });
        } catch (RuntimeException shuttingDown) {
            ctx.close();
        }
    }

    /** Sends what the feed read, counting the CPU time of the read ({@code readCpu}) and of the write as the page's. */
    private void send(LabChanges changes, long readCpu) {
        long cpuBefore = ThreadCpu.now();
        try {
            sendChanges(changes);
        } finally {
            page.streamWorked(readCpu + ThreadCpu.since(cpuBefore));
        }
    }

    private void sendChanges(LabChanges changes) {
        reading = false;
        if (stopped) {
            return;
        }
        if (!page.sessions().live(stream.session())) {
            write("event: logout\ndata: {}\n\n");
            ctx.close();
            return;
        }
        if (changes != null && !changes.isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("rows", changes.rows());
            data.put("removed", changes.removed());
            // JSON has no raw line breaks (they are escaped in strings), so one data line carries it whole
            write("id: " + changes.eventId() + "\nevent: " + (changes.snapshot() ? "snapshot" : "rows") + "\ndata: "
                    + new String(ApiJson.write(data), StandardCharsets.UTF_8) + "\n\n");
            epoch = changes.epoch();
            since = changes.version();
        }
        if (dirtyAgain) {
            dirtyAgain = false;
            changed();
        }
    }

    private void heartbeat() {
        if (!page.sessions().live(stream.session())) {
            write("event: logout\ndata: {}\n\n");
            ctx.close();
            return;
        }
        write(": keep-alive\n\n");
    }

    private void write(String text) {
        ByteBuf buf = ctx.alloc().buffer(text.length() + 16);
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        ctx.writeAndFlush(new DefaultHttpContent(buf));
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // a feed that cannot unsubscribe only calls a stopped stream
            }
        }
        page.streamEnded();
        exchange.abort(200); // records the request; the connection is already closed
    }
}
