package dev.orchard.ops.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a lab runs (the options of {@code orchard lab}).
 *
 * @param macs           how many simulated Macs
 * @param first          index of the first Mac of the seeded population (several lab processes, one per
 *                       network namespace, each take their own Macs of the same population)
 * @param concurrency    Macs in flight at once; each goes through all its stages before its slot frees
 * @param seed           makes the population (MACs, serials, models) reproducible
 * @param server         the server's address for BSDP and the agent; null = from the configuration
 * @param broadcast      send INFORMs to 255.255.255.255 from port 68, as the firmware does (needs root and
 *                       a real interface: network namespaces); otherwise unicast from an ephemeral port
 * @param ciaddr         the first Mac's address; null = {@code 127.77.0.2} onwards on loopback
 * @param work           folder for the Macs' targets and agent work folders
 * @param discardTargets delete each Mac's target once it has been checked (big labs, benchmarks)
 * @param tftpWindow     RFC 7440 windowsize to ask for; 0 = none, as Mac firmware does
 * @param rootReadBytes  how much of the root image each Mac reads (ranged GETs); the whole image when smaller
 * @param rangeBytes     size of one ranged read of the root image
 * @param bsdpTimeout    how long the firmware waits for an ACK before sending again
 * @param bsdpAttempts   how many times it sends each INFORM
 * @param mdmChaos       the MDM faults injected on the modern Macs' path (docs/lab.md, "Modern Macs")
 */
public record LabSettings(int macs, int first, int concurrency, long seed, String server, boolean broadcast,
                          String ciaddr, Path work, boolean discardTargets, int tftpWindow, long rootReadBytes,
                          int rangeBytes, Duration bsdpTimeout, int bsdpAttempts, MdmChaos mdmChaos) {

    public static final int DEFAULT_CONCURRENCY = 16;
    public static final long DEFAULT_ROOT_READ = 32L << 20;
    public static final int DEFAULT_RANGE = 256 << 10;

    public LabSettings {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(bsdpTimeout, "bsdpTimeout");
        Objects.requireNonNull(mdmChaos, "mdmChaos");
        if (macs < 1) {
            throw new IllegalArgumentException("--macs must be at least 1, got " + macs);
        }
        if (first < 0) {
            throw new IllegalArgumentException("--first must be 0 or more, got " + first);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (tftpWindow < 0 || tftpWindow > 65535) {
            throw new IllegalArgumentException("--tftp-windowsize must be 0 (none) to 65535, got " + tftpWindow);
        }
        if (rangeBytes < 512 || rangeBytes > (64 << 20)) {
            throw new IllegalArgumentException("--range-size must be 512 B to 64 MiB, got " + rangeBytes);
        }
        if (rootReadBytes < 0) {
            throw new IllegalArgumentException("--root-read must be 0 or more, got " + rootReadBytes);
        }
        if (bsdpAttempts < 1) {
            throw new IllegalArgumentException("BSDP attempts must be at least 1, got " + bsdpAttempts);
        }
    }

    /** Without MDM faults. */
    public LabSettings(int macs, int first, int concurrency, long seed, String server, boolean broadcast,
                       String ciaddr, Path work, boolean discardTargets, int tftpWindow, long rootReadBytes,
                       int rangeBytes, Duration bsdpTimeout, int bsdpAttempts) {
        this(macs, first, concurrency, seed, server, broadcast, ciaddr, work, discardTargets, tftpWindow, rootReadBytes,
                rangeBytes, bsdpTimeout, bsdpAttempts, MdmChaos.NONE);
    }

    /** The defaults for {@code macs} Macs working in {@code work}. */
    public static LabSettings defaults(int macs, Path work) {
        return new LabSettings(macs, 0, DEFAULT_CONCURRENCY, 1, null, false, null, work, false, 0, DEFAULT_ROOT_READ,
                DEFAULT_RANGE, Duration.ofSeconds(2), 3);
    }

    public LabSettings withConcurrency(int c) {
        return new LabSettings(macs, first, c, seed, server, broadcast, ciaddr, work, discardTargets, tftpWindow,
                rootReadBytes, rangeBytes, bsdpTimeout, bsdpAttempts, mdmChaos);
    }

    public LabSettings withDiscardTargets(boolean d) {
        return new LabSettings(macs, first, concurrency, seed, server, broadcast, ciaddr, work, d, tftpWindow,
                rootReadBytes, rangeBytes, bsdpTimeout, bsdpAttempts, mdmChaos);
    }

    public LabSettings withMdmChaos(MdmChaos c) {
        return new LabSettings(macs, first, concurrency, seed, server, broadcast, ciaddr, work, discardTargets, tftpWindow,
                rootReadBytes, rangeBytes, bsdpTimeout, bsdpAttempts, c);
    }
}
