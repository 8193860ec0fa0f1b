package dev.orchard.ops.admission;

import dev.orchard.ops.config.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@link NeighbourTable} from Linux's {@code /proc/net/arp} (of the server's network namespace): lines of
 * {@code IP address, HW type, Flags, HW address, Mask, Device}. Only complete entries count (flag
 * {@code ATF_COM} 0x2, see linux/if_arp.h); an incomplete or failed entry names no hardware.
 */
public final class ProcNeighbourTable implements NeighbourTable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcNeighbourTable.class);
    private static final Path ARP = Path.of("/proc/net/arp");
    private static final int ATF_COM = 0x2;

    private final Path file;

    public ProcNeighbourTable() {
        this(ARP);
    }

    ProcNeighbourTable(Path file) {
        this.file = file;
    }

    /** The table of this host, or {@link NeighbourTable#NONE} where there is no {@code /proc/net/arp}. */
    public static NeighbourTable ofThisHost() {
        if (Files.isReadable(ARP)) {
            return new ProcNeighbourTable();
        }
        LOG.info("no {} on this host: agents' plan requests are checked by address only", ARP);
        return NONE;
    }

    @Override
    public Optional<String> hardwareAddress(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
        String wanted = address.getHostAddress();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].equals(wanted)) {
                continue;
            }
            try {
                if ((Integer.decode(f[2]) & ATF_COM) == 0) {
                    continue;
                }
                return Optional.of(MacAddress.parse(f[3]).toString());
            } catch (IllegalArgumentException notAnEntry) {
                // a malformed line names nothing
            }
        }
        return Optional.empty();
    }
}
