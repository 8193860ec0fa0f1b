package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import dev.orchard.multicast.wire.MalformedDatagramException;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;

/**
 * Receives an image's multicast stream onto the target: joins the group on one interface (IGMP, RFC 3376, sent
 * by the kernel), decodes each datagram strictly, drops every datagram of another stream (another image's hash
 * or chunk count: counted, never written) and hands the others to the {@link DatagramWriter}, which puts each
 * payload in its place and counts a chunk only once its sha256 matches the manifest; after the stream, the
 * {@link SliceRepair} fills the holes of nearly complete chunks over HTTP.
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
     * Receives onto {@code target} until one of the ends above, then (with {@code repair}) fetches the holes of
     * nearly complete chunks over HTTP; I/O errors of the target are thrown.
     */
    ReceiveOutcome receive(Path target, SliceRepair repair) throws IOException, InterruptedException {
        MulticastSocket socket;
        try {
            socket = new MulticastSocket(new InetSocketAddress(settings.group(), settings.port()));
            socket.setReceiveBufferSize(RECEIVE_BUFFER); // the kernel caps it at net.core.rmem_max
            socket.setSoTimeout(POLL_MILLIS);
            socket.joinGroup(new InetSocketAddress(settings.group(), 0), settings.nic());
        } catch (IOException | RuntimeException e) {
            return ReceiveOutcome.fellBack(Fallback.JOIN_FAILED, "cannot join " + settings.group().getHostAddress() + ":"
                    + settings.port() + " on " + (settings.nic() == null ? "the default interface" : settings.nic().getName())
                    + ": " + e);
        }
        try (DatagramWriter writer = new DatagramWriter(manifest, target)) {
            Loop loop;
            try (socket) {
                loop = loop(socket, writer);
            }
            writer.drain();
            BitSet repaired = loop.fallback == Fallback.NONE && repair != null ? repair.repair(writer) : new BitSet();
            DatagramWriter.Totals t = writer.totals();
            if (loop.fallback != Fallback.NONE) {
                return new ReceiveOutcome(new BitSet(), 0, 0, 0, loop.wrongStream, loop.malformed + t.misplaced(), 0,
                        ReceiveOutcome.Ended.FELL_BACK, loop.fallback, loop.detail);
            }
            long repairBytes = repair == null ? 0 : repair.bytesFetched();
            return new ReceiveOutcome(t.verified(), t.multicastBytes(), repairBytes, loop.datagrams, loop.wrongStream,
                    loop.malformed + t.misplaced(), t.corrupt(), loop.ended, Fallback.NONE,
                    repaired.cardinality() + " chunks completed by " + (repair == null ? 0 : repair.requests())
                            + " ranged GETs of their missing slices; " + t.dropped() + " datagrams dropped while the disk was behind");
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

    private Loop loop(MulticastSocket socket, DatagramWriter writer) throws IOException, InterruptedException {
        Loop l = new Loop();
        DatagramPacket packet = new DatagramPacket(new byte[ChunkDatagram.MAX_DATAGRAM + 1], ChunkDatagram.MAX_DATAGRAM + 1);
        long start = System.nanoTime();
        long lastOfStream = 0;
        int firstPass = -1;
        int firstChunk = -1;
        int count = manifest.chunkCount();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (writer.verifiedCount() == count) {
                l.ended = ReceiveOutcome.Ended.COMPLETE;
                return l;
            }
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException quiet) {
                long now = System.nanoTime();
                if (l.datagrams == 0 && now - start > settings.firstDatagram().toNanos()) {
                    l.ended = ReceiveOutcome.Ended.FELL_BACK;
                    l.fallback = Fallback.NOTHING_RECEIVED;
                    l.detail = "nothing of the stream on " + settings.group().getHostAddress() + ":" + settings.port()
                            + " within " + settings.firstDatagram().toMillis() + " ms (" + l.wrongStream
                            + " datagrams of another stream, " + l.malformed
                            + " malformed); a snooping switch that never learned this membership (its IGMP report lost"
                            + " or filtered), another subnet, a firewall?";
                    return l;
                }
                if (l.datagrams > 0 && now - lastOfStream > settings.stall().toNanos()) {
                    l.ended = ReceiveOutcome.Ended.STALLED;
                    return l;
                }
                continue;
            }
            ChunkDatagram d;
            try {
                d = ChunkDatagram.decode(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
            } catch (MalformedDatagramException e) {
                l.malformed++;
                continue;
            }
            if (!d.isOf(settings.image()) || d.chunkCount() != count) {
                l.wrongStream++;
                continue;
            }
            l.datagrams++;
            losses.observe(d.pass(), d.chunkIndex(), d.offsetInChunk());
            lastOfStream = System.nanoTime();
            if (firstPass < 0 || d.pass() < firstPass) {
                // the first datagram, or the sender started again (a server restart): count the loop from here
                firstPass = d.pass();
                firstChunk = d.chunkIndex();
            } else if (d.pass() > firstPass + 1 || d.pass() > firstPass && d.chunkIndex() > firstChunk) {
                l.ended = ReceiveOutcome.Ended.LOOPED;
                return l;
            }
            if (!writer.verified(d.chunkIndex())) {
                writer.offer(d);
            }
        }
    }
}
