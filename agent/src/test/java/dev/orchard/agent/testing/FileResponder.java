package dev.orchard.agent.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in's file responses: a single Range (206, 416), If-Range on the strong ETag (a mismatch
 * serves the whole file with 200), HEAD, and for images the faults a test asks for: flipped bytes, a
 * stall after N bytes, a rate limit; it counts the image bytes it served and the ranges asked for.
 */
final class FileResponder {

    private final Set<Long> flippedOffsets = ConcurrentHashMap.newKeySet();
    private final AtomicLong imageBytesServed = new AtomicLong();
    private final List<RangeRequest> requests = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile long stallAfter = Long.MAX_VALUE;
    private volatile long bytesPerSecond = Long.MAX_VALUE;

    void flipByteAt(long offset) {
        flippedOffsets.add(offset);
    }

    void stallAfter(long totalImageBytes) {
        stallAfter = totalImageBytes;
    }

    void release() {
        synchronized (gate) {
            stallAfter = Long.MAX_VALUE;
            gate.notifyAll();
        }
    }

    void throttle(long perSecond) {
        bytesPerSecond = perSecond;
    }

    long imageBytesServed() {
        return imageBytesServed.get();
    }

    void resetCounters() {
        imageBytesServed.set(0);
        requests.clear();
    }

    List<RangeRequest> requests() {
        return List.copyOf(new ArrayList<>(requests));
    }

    void serve(HttpExchange ex, ServedFile f, boolean image) throws IOException {
        if (f == null) {
            StandInServer.error(ex, 404, "no such file");
            return;
        }
        long from = 0;
        long to = f.size - 1;
        boolean partial = false;
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (range != null && range.startsWith("bytes=") && (ifRange == null || ifRange.equals(f.etag))) {
            String[] ab = range.substring(6).split("-", -1);
            from = Long.parseLong(ab[0]);
            if (!ab[1].isEmpty()) {
                to = Math.min(to, Long.parseLong(ab[1]));
            }
            if (from > to) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + f.size);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            partial = true;
        }
        if (image) {
            requests.add(new RangeRequest(ex.getRequestURI().getPath(), from, to + 1));
        }
        long length = to - from + 1;
        ex.getResponseHeaders().set("ETag", f.etag);
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (partial) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + f.size);
        }
        ex.sendResponseHeaders(partial ? 206 : 200, length);
        if (ex.getRequestMethod().equals("HEAD")) {
            return;
        }
        OutputStream out = ex.getResponseBody();
        byte[] buf = new byte[256 * 1024];
        long started = System.nanoTime();
        long sent = 0;
        try (FileChannel in = FileChannel.open(f.file, StandardOpenOption.READ)) {
            long at = from;
            while (at <= to) {
                int n = in.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, to + 1 - at)), at);
                if (image) {
                    for (long flip : flippedOffsets) {
                        if (flip >= at && flip < at + n) {
                            buf[(int) (flip - at)] ^= 1;
                        }
                    }
                    waitAtGate(n);
                }
                out.write(buf, 0, n);
                at += n;
                sent += n;
                if (image) {
                    imageBytesServed.addAndGet(n);
                    pace(started, sent);
                }
            }
        }
    }

    private void waitAtGate(int next) {
        synchronized (gate) {
            while (imageBytesServed.get() + next > stallAfter) {
                try {
                    gate.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void pace(long startedNanos, long sent) {
        long rate = bytesPerSecond;
        if (rate == Long.MAX_VALUE) {
            return;
        }
        long due = startedNanos + sent * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
