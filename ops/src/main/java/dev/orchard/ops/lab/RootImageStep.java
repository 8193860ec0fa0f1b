package dev.orchard.ops.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * The booted kernel mounts the root image named by option 17 over HTTP and reads it on demand: many
 * ranged GETs on one kept-alive connection. The lab reads {@code rootReadBytes} of it (the whole image
 * when smaller) in {@code rangeBytes} blocks — the first half in order from the start, as booting reads
 * the partition map, the file system and the early files, then blocks at random aligned offsets — and
 * compares every block with the NBI's file on disk.
 */
final class RootImageStep {

    private final long readBytes;
    private final int rangeBytes;
    private final long seed;
    private final Duration timeout;

    RootImageStep(long readBytes, int rangeBytes, long seed, Duration timeout) {
        this.readBytes = readBytes;
        this.rangeBytes = rangeBytes;
        this.seed = seed;
        this.timeout = timeout;
    }

    /** Reads and checks; returns the bytes received. */
    long run(LabMachine mac, BsdpStep.Booted booted, LongConsumer progress) throws LabFailure {
        String rootPath = booted.ack().rootPath().orElseThrow(() -> new LabFailure(Stage.HTTP_ROOT,
                "ACK[SELECT] for " + booted.image().bundleName() + " has no root path (option 17)"));
        if (!rootPath.startsWith("http://")) {
            throw new LabFailure(Stage.HTTP_ROOT, "root path '" + rootPath + "' is not an http:// URL; the lab"
                    + " simulates HTTP NetBoot only");
        }
        Path local = NbiFiles.rootImage(booted.image()).orElseThrow(() -> new LabFailure(Stage.HTTP_ROOT,
                booted.image().bundleName() + " names no root image inside the bundle to compare with"));
        URI url = URI.create(rootPath);
        byte[] got = new byte[rangeBytes];
        ByteBuffer want = ByteBuffer.allocate(rangeBytes);
        long received = 0;
        try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ);
             KeepAliveRanges http = new KeepAliveRanges(url, ownAddress(mac.ciaddr()), timeout)) {
            long size = file.size();
            for (long offset : offsets(size, new Random(seed ^ ((long) mac.index() << 20)))) {
                int length = (int) Math.min(rangeBytes, size - offset);
                long total = http.read(offset, length, got);
                if (total != size) {
                    throw new LabFailure(Stage.HTTP_ROOT, url + " is " + total + " bytes, the NBI's " + local + " "
                            + size);
                }
                want.clear().limit(length);
                readFully(file, want, offset);
                int mismatch = Arrays.mismatch(got, 0, length, want.array(), 0, length);
                if (mismatch >= 0) {
                    throw new LabFailure(Stage.HTTP_ROOT, url + ": byte " + (offset + mismatch)
                            + " differs from the NBI's root image");
                }
                received += length;
                progress.accept(length);
            }
        } catch (IOException e) {
            throw new LabFailure(Stage.HTTP_ROOT, "reading " + url + ": " + e.getMessage(), e);
        }
        return received;
    }

    /** Block offsets: the first half of the budget in order from 0, the rest at random aligned offsets. */
    List<Long> offsets(long size, Random random) {
        List<Long> offsets = new ArrayList<>();
        long budget = Math.min(size, readBytes);
        long blocks = (budget + rangeBytes - 1) / rangeBytes;
        long totalBlocks = (size + rangeBytes - 1) / rangeBytes;
        long sequential = budget >= size ? blocks : (blocks + 1) / 2;
        for (long b = 0; b < sequential; b++) {
            offsets.add(b * rangeBytes);
        }
        for (long b = sequential; b < blocks; b++) {
            offsets.add((long) (random.nextDouble() * totalBlocks) * rangeBytes);
        }
        return offsets;
    }

    private static void readFully(FileChannel file, ByteBuffer into, long offset) throws IOException {
        long at = offset;
        while (into.hasRemaining()) {
            int n = file.read(into, at);
            if (n < 0) {
                throw new IOException("the NBI's root image ended at " + at);
            }
            at += n;
        }
    }

    /** The Mac's ciaddr when it is an address of this host (loopback labs, namespaces), else null. */
    static InetAddress ownAddress(Inet4Address ciaddr) {
        try {
            return ciaddr.isLoopbackAddress() || NetworkInterface.getByInetAddress(ciaddr) != null ? ciaddr : null;
        } catch (SocketException e) {
            return null;
        }
    }
}
