package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import dev.orchard.multicast.wire.MalformedDatagramException;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;

/**
 * Receives an image's multicast stream onto the target: joins the group on one interface (IGMP, RFC 3376, sent
 * by the kernel), decodes each datagram strictly, drops every datagram of another stream (another image's hash
 * or chunk count: counted, never written) and hands the others to the {@link DatagramWriter}, which puts each
 * payload in its place and counts a chunk only once its sha256 matches the manifest; the {@link SliceRepair}
 * fills the holes of nearly complete chunks over HTTP, each as soon as the stream has left it, and after the
 * stream what is left.
 * <p>It stops when every chunk is written, when the stream has gone round once since its first datagram (so a
 * late joiner waits one loop at most, then repairs over HTTP), or after the stall timeout without a datagram of
 * its stream; and it gives up at once ({@link Fallback#NOTHING_RECEIVED}) when nothing of its stream arrived
 * within the first-datagram timeout.
 */
public final class MulticastReceiver {

    /**
     * @param nic             the interface to join on (the one that reaches the server)
     * @param firstDatagram   how long to wait for the first datagram of the stream before falling back
     * @param stall           how long without a datagram of the stream ends receiving
     */
    public record Settings(InetAddress group, int port, NetworkInterface nic, ImageHash image, Duration firstDatagram,
                           Duration stall) {
    }

    private static final int POLL_MILLIS = 200;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final Settings settings;
    private final Manifest manifest;
    private final LossWindow losses;

    public MulticastReceiver(Settings settings, Manifest manifest) {
        this.settings = settings;
        this.manifest = manifest;
        int count = manifest.chunkCount();
        this.losses = new LossWindow(count, manifest.chunkSize(), count == 0 ? 0 : manifest.chunk(count - 1).length());
    }

    /** The datagrams of the stream received and missed since the previous call (the announcements carry them). */
    LossWindow.Counts takeLoss() {
        return losses.take();
    }

    /**
     * Receives onto {@code target} until one of the ends above, (with {@code repair}) fetching the holes of
     * nearly complete chunks over HTTP meanwhile and then; I/O errors of the target are thrown.
     */
    ReceiveOutcome receive(Path target, SliceRepair repair) throws IOException, InterruptedException {
        DatagramChannel socket;
        try {
            socket = join();
        } catch (IOException | RuntimeException e) {
            return ReceiveOutcome.fellBack(Fallback.JOIN_FAILED, "cannot join " + settings.group().getHostAddress() + ":"
                    + settings.port() + " on " + (settings.nic() == null ? "no interface" : settings.nic().getName())
                    + ": " + e);
        }
        try (DatagramWriter writer = new DatagramWriter(manifest, target, repair)) {
            Loop loop;
            try (socket) {
                loop = loop(socket, writer);
            }
            writer.drain();
            if (loop.fallback == Fallback.NONE && repair != null) {
                repair.repair(writer);
            }
            DatagramWriter.Totals t = writer.totals();
            if (loop.fallback != Fallback.NONE) {
                return new ReceiveOutcome(new BitSet(), 0, 0, 0, loop.wrongStream, loop.malformed + t.misplaced(), 0,
                        ReceiveOutcome.Ended.FELL_BACK, loop.fallback, loop.detail);
            }
            long repairBytes = repair == null ? 0 : repair.bytesFetched();
            return new ReceiveOutcome(t.verified(), t.multicastBytes(), repairBytes, loop.datagrams, loop.wrongStream,
                    loop.malformed + t.misplaced(), t.corrupt(), loop.ended, Fallback.NONE,
                    (repair == null ? 0 : repair.chunksCompleted()) + " chunks completed by " + (repair == null ? 0 : repair.requests())
                            + " ranged GETs of their missing slices; " + t.dropped() + " datagrams dropped while the disk was behind, "
                            + t.underRepair() + " while their chunk was being repaired");
        }
    }

    /** What the receiving loop saw. */
    private static final class Loop {
        long datagrams;
        long wrongStream;
        long malformed;
        ReceiveOutcome.Ended ended;
        Fallback fallback = Fallback.NONE;
        String detail;
    }

    /**
     * A blocking channel bound to the group's port: one {@code recvfrom} per datagram. (A socket with a timeout,
     * as {@code MulticastSocket} has, switches to non-blocking and back and polls around every receive: several
     * system calls and a wake-up per datagram, which 30 receivers sharing a CPU paid for dearly.) The timeouts are
     * the {@link Watchdog}'s, which closes the channel.
     */
    private DatagramChannel join() throws IOException {
        if (settings.nic() == null) {
            throw new SocketException("no network interface holds the address this Mac reaches the server from");
        }
        DatagramChannel channel = DatagramChannel.open(settings.group() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // other receivers of the group on this host
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER); // the kernel caps it at net.core.rmem_max
            channel.bind(new InetSocketAddress(settings.group(), settings.port()));
            channel.join(settings.group(), settings.nic()); // the kernel sends the IGMP report
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Loop loop(DatagramChannel socket, DatagramWriter writer) throws IOException, InterruptedException {
        Loop l = new Loop();
        ByteBuffer packet = ByteBuffer.allocateDirect(ChunkDatagram.MAX_DATAGRAM + 1);
        int firstPass = -1;
        int firstChunk = -1;
        int count = manifest.chunkCount();
        Watchdog watchdog = new Watchdog(socket, writer);
        watchdog.start();
        try {
            while (true) {
                if (writer.complete()) {
                    l.ended = ReceiveOutcome.Ended.COMPLETE;
                    return l;
                }
                packet.clear();
                try {
                    socket.receive(packet);
                } catch (ClosedByInterruptException e) {
                    throw new InterruptedException("interrupted while receiving the stream");
                } catch (AsynchronousCloseException e) {
                    return watchdog.ended(l);
                }
                ChunkDatagram d;
                try {
                    d = ChunkDatagram.decode(packet.flip());
                } catch (MalformedDatagramException e) {
                    l.malformed++;
                    continue;
                }
                if (!d.isOf(settings.image()) || d.chunkCount() != count) {
                    l.wrongStream++;
                    continue;
                }
                l.datagrams++;
                watchdog.ofStream();
                losses.observe(d.pass(), d.chunkIndex(), d.offsetInChunk());
                if (firstPass < 0 || d.pass() < firstPass) {
                    // the first datagram, or the sender started again (a server restart): count the loop from here
                    firstPass = d.pass();
                    firstChunk = d.chunkIndex();
                } else if (d.pass() > firstPass + 1 || d.pass() > firstPass && d.chunkIndex() > firstChunk) {
                    l.ended = ReceiveOutcome.Ended.LOOPED;
                    return l;
                }
                writer.offer(d); // takes nothing of a verified chunk (its own check, under its lock)
            }
        } finally {
            watchdog.interrupt();
            watchdog.join();
        }
    }

    /**
     * Ends a blocked receive by closing the channel: when nothing of the stream came within the first-datagram
     * timeout, when the stream went quiet for the stall timeout, or when the writer has verified every chunk
     * (its last verification may finish after the last datagram the loop saw).
     */
    private final class Watchdog extends Thread {
        private final DatagramChannel socket;
        private final DatagramWriter writer;
        private final long start = System.nanoTime();
        private volatile long lastOfStream;
        private volatile boolean anyOfStream;
        private volatile ReceiveOutcome.Ended ended;

        Watchdog(DatagramChannel socket, DatagramWriter writer) {
            super("multicast-watchdog");
            setDaemon(true);
            this.socket = socket;
            this.writer = writer;
        }

        void ofStream() {
            lastOfStream = System.nanoTime();
            anyOfStream = true;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Thread.sleep(POLL_MILLIS);
                    long now = System.nanoTime();
                    if (writer.complete()) {
                        ended = ReceiveOutcome.Ended.COMPLETE;
                    } else if (!anyOfStream && now - start > settings.firstDatagram().toNanos()) {
                        ended = ReceiveOutcome.Ended.FELL_BACK;
                    } else if (anyOfStream && now - lastOfStream > settings.stall().toNanos()) {
                        ended = ReceiveOutcome.Ended.STALLED;
                    }
                    if (ended != null) {
                        socket.close();
                        return;
                    }
                }
            } catch (InterruptedException | IOException done) {
                // the loop ended first, or the channel is closed already
            }
        }

        /** Why the watchdog closed the channel, into {@code l}. */
        Loop ended(Loop l) {
            l.ended = ended == null ? ReceiveOutcome.Ended.STALLED : ended;
            if (l.ended == ReceiveOutcome.Ended.FELL_BACK) {
                l.fallback = Fallback.NOTHING_RECEIVED;
                l.detail = "nothing of the stream on " + settings.group().getHostAddress() + ":" + settings.port()
                        + " within " + settings.firstDatagram().toMillis() + " ms (" + l.wrongStream
                        + " datagrams of another stream, " + l.malformed
                        + " malformed); a snooping switch that never learned this membership (its IGMP report lost"
                        + " or filtered), another subnet, a firewall?";
            }
            return l;
        }
    }
}
