package dev.orchard.bsdp.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the BSDP server is told, validated once (strict with configuration). Build with
 * {@link #builder()}; every field has a documented default.
 *
 * @param bindAddress         where to listen; default 0.0.0.0 (needed to receive broadcasts)
 * @param port                UDP port; default 67 (needs root or CAP_NET_BIND_SERVICE)
 * @param advertiseAddress    the server identifier (option 54) and default siaddr to announce; default:
 *                            the bound address when specific, else the local address that routes to the Mac
 * @param tftpServer          siaddr in ACK[SELECT] (where the Mac TFTPs its booter); default: the server identifier
 * @param priority            a fixed server priority (sub-option 4); default Apple's 32768 minus bound Macs
 * @param bootFilePrefix      prepended to {@code Foo.nbi/i386/booter} in the {@code file} field, e.g.
 *                            {@code /private/tftpboot/NetBoot/NetBootSP0} (Apple, tftpd without -s); default
 *                            empty: the path relative to the TFTP root (tftpd -s serving the NBI folder)
 * @param httpBase            base URL of HTTP root images, e.g. {@code http://10.0.0.5:8080/NetBoot/NetBootSP0};
 *                            its host must be a numeric IPv4 address; default {@code http://<server id>/NetBoot/NetBootSP0}
 * @param nfsExport           NFS export of the NBI folder for NFS images; default: the scanned folder's path
 * @param machineNameFormat   sub-option 130, formatted with the Mac's host number; default {@code NetBoot%03d}
 * @param allowHighReplyPorts answer reply ports ≥ 1024 (tests, simulated labs); Apple refuses them
 * @param serverName          our host name for Apple's sname request filter; empty disables that check
 * @param workerThreads       threads that ask the policy and build replies; default 4
 * @param workerQueue         requests waiting for a worker before new ones are shed; default 4096
 * @param receiveBufferBytes  socket receive buffer (bursts of INFORMs); default 4 MiB (capped by rmem_max)
 * @param answerOnEventLoop   answer on the network thread instead of a worker: only for a policy and a
 *                            binding store that never block (in-memory ones, such as {@code CatalogBootPolicy}
 *                            and {@code InMemoryBindingStore}); saves two thread hand-offs per request
 * @param answerOnInterfaces  names of the network interfaces whose Macs are answered (e.g. {@code eth1}); a
 *                            Mac is answered only when the route to its ciaddr leaves through one of them
 *                            (see {@link InterfaceScope}); default empty: every interface
 */
public record BsdpServerConfig(InetAddress bindAddress, int port, Optional<Inet4Address> advertiseAddress,
                               Optional<Inet4Address> tftpServer, OptionalInt priority, String bootFilePrefix,
                               Optional<String> httpBase, Optional<String> nfsExport, String machineNameFormat,
                               boolean allowHighReplyPorts, String serverName, int workerThreads, int workerQueue,
                               int receiveBufferBytes, boolean answerOnEventLoop, Set<String> answerOnInterfaces) {

    public static final int BOOTPS = 67;
    public static final int BOOTPC = 68;
    /** Apple's {@code BSDP_PRIORITY_BASE}: priority = base − number of bound clients. */
    public static final int PRIORITY_BASE = 32768;
    public static final String DEFAULT_MACHINE_NAME_FORMAT = "NetBoot%03d";
    public static final String APPLE_HTTP_PATH = "/NetBoot/NetBootSP0";
    /** What Linux and macOS accept as an interface name (IFNAMSIZ 16 with the NUL), VLANs and aliases included. */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,15}");

    public BsdpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(advertiseAddress, "advertiseAddress");
        Objects.requireNonNull(tftpServer, "tftpServer");
        if (priority.isPresent() && (priority.getAsInt() < 0 || priority.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("priority must be 0..65535, was " + priority.getAsInt());
        }
        bootFilePrefix = trimTrailingSlash(Objects.requireNonNull(bootFilePrefix, "bootFilePrefix"));
        httpBase = httpBase.map(BsdpServerConfig::validHttpBase);
        nfsExport = nfsExport.map(BsdpServerConfig::trimTrailingSlash);
        validMachineNameFormat(machineNameFormat);
        Objects.requireNonNull(serverName, "serverName");
        if (workerThreads < 1 || workerQueue < 1) {
            throw new IllegalArgumentException("workerThreads and workerQueue must be at least 1");
        }
        if (receiveBufferBytes < 65536) {
            throw new IllegalArgumentException("receiveBufferBytes must be at least 65536, was " + receiveBufferBytes);
        }
        answerOnInterfaces = validInterfaceNames(answerOnInterfaces);
    }

    public static BsdpServerConfigBuilder builder() {
        return new BsdpServerConfigBuilder();
    }

    /** The machine name for host number {@code n}. */
    public String machineName(int n) {
        return String.format(Locale.ROOT, machineNameFormat, n);
    }

    private static String trimTrailingSlash(String s) {
        String t = s.trim();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.equals("/") ? "" : t;
    }

    /** {@code http://<dotted IPv4>[:port][/path]}: the EFI client does no DNS, so a host name is refused. */
    static String validHttpBase(String url) {
        String u = trimTrailingSlash(url);
        String prefix = "http://";
        if (!u.startsWith(prefix)) {
            throw new IllegalArgumentException("HTTP base URL '" + url + "' must start with http:// (the Mac's"
                    + " firmware has no HTTPS), e.g. http://10.0.0.5:8080/NetBoot/NetBootSP0");
        }
        int slash = u.indexOf('/', prefix.length());
        String hostPort = slash < 0 ? u.substring(prefix.length()) : u.substring(prefix.length(), slash);
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("HTTP base URL '" + url + "' must name the server by its IPv4 address"
                    + " (the Mac's firmware does no DNS lookup), e.g. http://10.0.0.5/NetBoot/NetBootSP0");
        }
        if (hostPort.contains(":") && !hostPort.substring(hostPort.indexOf(':') + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("HTTP base URL '" + url + "' has an invalid port");
        }
        return u;
    }

    private static Set<String> validInterfaceNames(Set<String> names) {
        Objects.requireNonNull(names, "answerOnInterfaces");
        for (String n : names) {
            if (n == null || !INTERFACE_NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("'" + n + "' is not a network interface name (e.g. eth0, en0,"
                        + " eth0.20): 1 to 15 letters, digits or . _ : @ -");
            }
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    private static void validMachineNameFormat(String format) {
        Objects.requireNonNull(format, "machineNameFormat");
        String sample;
        try {
            sample = String.format(Locale.ROOT, format, 999_999);
        } catch (java.util.IllegalFormatException e) {
            throw new IllegalArgumentException("machine name format '" + format + "' must take one integer,"
                    + " e.g. NetBoot%03d or lab-mac-%d: " + e.getMessage());
        }
        if (sample.isEmpty() || sample.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("machine name format '" + format + "' must give 1..255 bytes");
        }
    }
}
