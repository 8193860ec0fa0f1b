package dev.orchard.ops.lab;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TftpTransferException;
import dev.orchard.tftp.codec.TftpErrorCode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * The firmware fetches the booter named by ACK[SELECT]'s {@code file} field from {@code siaddr}; the
 * booter then fetches the kernelcache from beside itself. Both with blksize 1468 (Ethernet MTU minus
 * IP, UDP and TFTP headers: what Mac firmware asks for, so no IP fragmentation) and tsize; windowsize
 * only when the lab is told to (the firmware does not ask for it). Every block is compared with the
 * NBI's file on disk as it arrives ({@link ComparingSink}). A refusal for "too many transfers, try again
 * later" is retried a few times with a growing pause, as a Mac whose netboot failed tries again.
 */
final class TftpStep {

    static final int FIRMWARE_BLKSIZE = 1468;
    private static final long FETCH_LIMIT_MINUTES = 10;

    /** "Too many transfers, try again later" (ERROR 0): retried this often, waiting longer each time. */
    static final int BUSY_RETRIES = 8;
    private static final long BUSY_BACKOFF_MILLIS = 250;

    private final TftpClient client;
    private final int port;
    private final int window;
    private final ComparingSink.Files files;
    private final java.util.concurrent.atomic.LongAdder busyRetries = new java.util.concurrent.atomic.LongAdder();

    TftpStep(TftpClient client, int port, int window, ComparingSink.Files files) {
        this.client = client;
        this.port = port;
        this.window = window;
        this.files = files;
    }

    /** Fetches and checks both files; returns the bytes received. */
    long run(BsdpStep.Booted booted, LongConsumer progress) throws LabFailure, InterruptedException {
        NbImage image = booted.image();
        if (booted.ack().tftpServer() == null || booted.ack().tftpServer().isAnyLocalAddress()) {
            throw new LabFailure(Stage.TFTP, "ACK[SELECT] has no siaddr to fetch the booter from");
        }
        InetSocketAddress server = new InetSocketAddress(booted.ack().tftpServer(), port);
        String booterName = booted.ack().bootFile();
        long bytes = fetch(server, booterName, NbiFiles.booter(image, Expectation.ARCHITECTURE), progress);
        String kernelcache = NbiFiles.kernelcacheName(image, Expectation.ARCHITECTURE).orElseThrow(() ->
                new LabFailure(Stage.TFTP, image.bundleName() + " has no " + Expectation.ARCHITECTURE + "/"
                        + String.join(" or ", NbiFiles.KERNELCACHE_NAMES) + " for the booter to load"));
        String folder = booterName.substring(0, booterName.lastIndexOf('/') + 1);
        Path local = image.bundle().resolve(Expectation.ARCHITECTURE).resolve(kernelcache);
        return bytes + fetch(server, folder + kernelcache, local, progress);
    }

    private long fetch(InetSocketAddress server, String name, Path local, LongConsumer progress)
            throws LabFailure, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            ComparingSink sink = new ComparingSink(files.of(local));
            FetchRequest request = FetchRequest.of(server, name, sink).withBlockSize(FIRMWARE_BLKSIZE).withTransferSize(true);
            if (window > 0) {
                request = request.withWindowSize(window);
            }
            TransferResult result;
            try {
                result = client.fetch(request).get(FETCH_LIMIT_MINUTES, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                if (busy(e.getCause()) && attempt < BUSY_RETRIES) {
                    // the server's per-client cap: on loopback every Mac's TFTP comes from 127.0.0.1
                    busyRetries.increment();
                    Thread.sleep(BUSY_BACKOFF_MILLIS * (attempt + 1));
                    continue;
                }
                throw new LabFailure(Stage.TFTP, "TFTP " + name + " from " + server.getAddress().getHostAddress() + ":"
                        + server.getPort() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new LabFailure(Stage.TFTP, "TFTP " + name + " did not finish within " + FETCH_LIMIT_MINUTES + " min");
            }
            progress.accept(result.bytes());
            if (sink.firstDifference() >= 0) {
                throw new LabFailure(Stage.TFTP, "TFTP " + name + ": " + result.bytes() + " bytes, differing from the"
                        + " NBI's file " + local + " at byte " + sink.firstDifference());
            }
            return result.bytes();
        }
    }

    /** Fetches retried after a "too many transfers" refusal, over the whole lab. */
    long busyRetries() {
        return busyRetries.sum();
    }

    private static boolean busy(Throwable t) {
        return t instanceof TftpTransferException e && e.serverError().isPresent()
                && e.serverError().get() == TftpErrorCode.NOT_DEFINED && String.valueOf(e.getMessage()).contains("try again");
    }
}
