package dev.orchard.ops.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who this process is, as the kernel decides permissions: effective user, groups and capabilities, read
 * from {@code /proc/self/status} (Linux; elsewhere {@link #current()} is empty and the checks that need it
 * are left to the operation itself).
 *
 * @param uid             effective user ID
 * @param groups          effective group ID and supplementary groups
 * @param capabilities    the effective capability set ({@code CapEff}), one bit per capability
 */
public record ProcessIdentity(long uid, Set<Long> groups, long capabilities) {

    /** capability(7): binding ports below {@code ip_unprivileged_port_start}. */
    public static final int CAP_NET_BIND_SERVICE = 10;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path UNPRIVILEGED_PORT_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

    public ProcessIdentity {
        groups = Set.copyOf(groups);
    }

    public static Optional<ProcessIdentity> current() {
        try {
            long uid = -1;
            long caps = 0;
            Set<Long> groups = new HashSet<>();
            for (String line : Files.readAllLines(STATUS)) {
                String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(f[1]); // real, effective, saved, file system
                } else if (line.startsWith("Gid:")) {
                    groups.add(Long.parseLong(f[1]));
                } else if (line.startsWith("Groups:")) {
                    Arrays.stream(f).filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(groups::add);
                } else if (line.startsWith("CapEff:")) {
                    caps = Long.parseUnsignedLong(f[0], 16);
                }
            }
            return uid < 0 ? Optional.empty() : Optional.of(new ProcessIdentity(uid, groups, caps));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when this process may bind {@code port} (root, CAP_NET_BIND_SERVICE, or an unprivileged port). */
    public boolean mayBind(int port) {
        return uid == 0 || (capabilities & (1L << CAP_NET_BIND_SERVICE)) != 0 || port >= unprivilegedPortStart();
    }

    /** The first port an ordinary user may bind (1024 unless the sysctl says otherwise). */
    static int unprivilegedPortStart() {
        try {
            // readAllLines, not readString: procfs reports size 0 and readString then returns one byte ("1")
            return Integer.parseInt(Files.readAllLines(UNPRIVILEGED_PORT_START).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 1024;
        }
    }

    /** {@code user nobody, uid 65534} for messages. */
    public String describe() {
        return "user " + System.getProperty("user.name") + ", uid " + uid;
    }
}
