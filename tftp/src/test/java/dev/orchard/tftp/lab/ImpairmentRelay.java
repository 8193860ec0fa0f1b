package dev.orchard.tftp.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A userspace UDP relay that duplicates and reorders datagrams in both directions, because the test
 * kernel has no {@code sch_netem}. Clients send to the relay; for each client the relay opens its own
 * upstream socket to the server's request port and then follows the server's transfer port (TID), so the
 * client sees every answer come from the relay's port and TFTP's TID rules still hold end to end.
 *
 * <p>Each datagram is, with probability {@code duplicate}, sent twice; with probability {@code reorder} it
 * is held back and sent after the next datagram of the same direction (or after {@value #HOLD_MILLIS} ms
 * when none comes), which swaps neighbours the way a multi-path link does. Loss is added separately in
 * the kernel ({@code iptables statistic}).
 */
public final class ImpairmentRelay implements AutoCloseable {

    private static final int HOLD_MILLIS = 30;

    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final double duplicate;
    private final double reorder;
    private final Random random = new Random(42);
    private final Map<SocketAddress, Flow> flows = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ImpairmentRelay(InetSocketAddress listen, InetSocketAddress server, double duplicate, double reorder)
            throws SocketException {
        this.front = new DatagramSocket(listen);
        this.server = server;
        this.duplicate = duplicate;
        this.reorder = reorder;
        Thread t = new Thread(this::clientSide, "relay-front");
        t.setDaemon(true);
        t.start();
    }

    /** Datagrams relayed so far, and the duplicates and reorderings made. */
    public final java.util.concurrent.atomic.AtomicLong relayed = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong duplicated = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong reordered = new java.util.concurrent.atomic.AtomicLong();

    private void clientSide() {
        byte[] buf = new byte[65536];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
                Flow flow = flows.computeIfAbsent(p.getSocketAddress(), this::newFlow);
                byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
                // A request (a retransmitted RRQ too) goes to the request port, as the client addressed it;
                // everything else to the transfer port the server answered from.
                flow.toServer.forward(data, isRequest(data) ? server : flow.serverTid());
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static boolean isRequest(byte[] datagram) {
        return datagram.length >= 2 && datagram[0] == 0 && (datagram[1] == 1 || datagram[1] == 2);
    }

    private Flow newFlow(SocketAddress client) {
        try {
            return new Flow((InetSocketAddress) client);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One client's path: its upstream socket, the server's TID once known, a shaper per direction. */
    private final class Flow {
        final DatagramSocket upstream = new DatagramSocket();
        final Shaper toServer = new Shaper(upstream);
        final Shaper toClient = new Shaper(front);
        final InetSocketAddress client;
        volatile InetSocketAddress tid;

        Flow(InetSocketAddress client) throws SocketException {
            this.client = client;
            Thread t = new Thread(this::serverSide, "relay-flow");
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress serverTid() {
            return tid == null ? server : tid;
        }

        private void serverSide() {
            byte[] buf = new byte[65536];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    upstream.receive(p);
                    if (tid == null) {
                        tid = (InetSocketAddress) p.getSocketAddress();
                    }
                    toClient.forward(java.util.Arrays.copyOf(p.getData(), p.getLength()), client);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }
    }

    /** Duplicates and reorders one direction. */
    private final class Shaper {
        private final DatagramSocket out;
        private byte[] held;
        private SocketAddress heldTo;
        private long heldSince;

        Shaper(DatagramSocket out) {
            this.out = out;
            Thread flusher = new Thread(this::flushStale, "relay-hold");
            flusher.setDaemon(true);
            flusher.start();
        }

        synchronized void forward(byte[] data, SocketAddress to) throws IOException {
            relayed.incrementAndGet();
            double r;
            synchronized (random) {
                r = random.nextDouble();
            }
            if (held == null && r < reorder) {
                reordered.incrementAndGet();
                held = data;
                heldTo = to;
                heldSince = System.nanoTime();
                return;
            }
            send(data, to);
            if (r > 1 - duplicate) {
                duplicated.incrementAndGet();
                send(data, to);
            }
            releaseHeld();
        }

        private void send(byte[] data, SocketAddress to) throws IOException {
            out.send(new DatagramPacket(data, data.length, to));
        }

        private synchronized void releaseHeld() throws IOException {
            if (held != null) {
                send(held, heldTo);
                held = null;
            }
        }

        private void flushStale() {
            while (!closed) {
                try {
                    Thread.sleep(HOLD_MILLIS / 3);
                    synchronized (this) {
                        if (held != null && System.nanoTime() - heldSince > HOLD_MILLIS * 1_000_000L) {
                            releaseHeld();
                        }
                    }
                } catch (InterruptedException | IOException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        flows.values().forEach(f -> f.upstream.close());
    }
}
