package dev.orchard.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a server that cuts every open connection (RST) when the total number of bytes
 * relayed towards the client crosses each of the given points: a network that drops at known places.
 * It can also hold the data towards the client after a given total (a stalled network, until
 * {@link #resume()}) and counts what it relayed, so the same faults work in front of any server.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final long[] cutPoints;
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicInteger nextCut = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile long pauseAfter = Long.MAX_VALUE;
    private final Object pause = new Object();
    private final java.util.List<RangeRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CuttingProxy(int upstreamPort, long... cutPoints) throws IOException {
        this.upstreamPort = upstreamPort;
        this.cutPoints = cutPoints.clone();
        Arrays.sort(this.cutPoints);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Bytes relayed towards clients so far (all connections). */
    public long relayedBytes() {
        return relayed.get();
    }

    /** Holds the data towards clients once {@code totalBytes} were relayed, until {@link #resume()}. */
    public void pauseAfter(long totalBytes) {
        pauseAfter = totalBytes;
    }

    public void resume() {
        synchronized (pause) {
            pauseAfter = Long.MAX_VALUE;
            pause.notifyAll();
        }
    }

    /** The ranged GETs that went through, read from the requests' heads. */
    public java.util.List<RangeRequest> requests() {
        return java.util.List.copyOf(requests);
    }

    /** Resets every open connection right now. */
    public void cutNow() {
        cuts.incrementAndGet();
        cutAll();
    }

    /** Connections cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
                open.add(client);
                open.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            StringBuilder head = new StringBuilder();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (!towardsClient) {
                        noteRequest(head, buf, n);
                    }
                    if (towardsClient) {
                        holdWhilePaused(n);
                        int cutIndex = nextCut.get();
                        long before = relayed.get();
                        if (cutIndex < cutPoints.length && before + n >= cutPoints[cutIndex]) {
                            int allowed = (int) Math.max(0, cutPoints[cutIndex] - before);
                            out.write(buf, 0, allowed);
                            out.flush();
                            relayed.addAndGet(allowed);
                            if (nextCut.compareAndSet(cutIndex, cutIndex + 1)) {
                                cuts.incrementAndGet();
                                cutAll();
                            }
                            return;
                        }
                        relayed.addAndGet(n);
                    }
                    out.write(buf, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Collects a request's head and records its Range (the agent sends one request per connection). */
    private void noteRequest(StringBuilder head, byte[] buf, int n) {
        if (head.length() > 16384) {
            return;
        }
        head.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String[] lines = head.substring(0, end).split("\r\n");
        String path = lines[0].split(" ").length > 1 ? lines[0].split(" ")[1] : "";
        for (String line : lines) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("range: bytes=")) {
                String[] ab = line.substring(13).trim().split("-", -1);
                long from = Long.parseLong(ab[0]);
                long to = ab[1].isEmpty() ? -1 : Long.parseLong(ab[1]) + 1;
                requests.add(new RangeRequest(path, from, to));
            }
        }
        head.setLength(16385);
    }

    private void holdWhilePaused(int next) {
        synchronized (pause) {
            while (relayed.get() + next > pauseAfter && !closed) {
                try {
                    pause.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void cutAll() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already gone
            }
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        listener.close();
        cutAll();
    }
}
