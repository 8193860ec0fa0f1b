package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where Orchard listens and keeps its state.
 *
 * @param advertiseAddress the IPv4 address Macs reach this server at (BSDP server identifier, TFTP
 *                         next-server, HTTP URLs); null = the address of the first listening interface
 * @param interfaces       network interfaces BSDP answers on; empty = all
 * @param dataDir          the folder for the journal and default image and payload folders
 */
public record ServerSettings(String advertiseAddress, List<String> interfaces, Path dataDir,
                             BsdpSettings bsdp, TftpSettings tftp, HttpSettings http) {

    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/orchard");

    public ServerSettings {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        bsdp = bsdp == null ? BsdpSettings.DEFAULTS : bsdp;
        tftp = tftp == null ? TftpSettings.DEFAULTS : tftp;
        http = http == null ? HttpSettings.DEFAULTS : http;
    }

    public static final ServerSettings DEFAULTS = new ServerSettings(null, List.of(), null, null, null, null);

    /** BSDP (DHCP INFORM) listener; {@code priority} is BSDP option 4 (0 lowest … 65535 highest). */
    public record BsdpSettings(String address, int port, int priority) {
        public static final String DEFAULT_ADDRESS = "0.0.0.0";
        public static final int DEFAULT_PORT = 67;
        /** Apple's bootpd base priority (BSDP_PRIORITY_BASE). */
        public static final int DEFAULT_PRIORITY = 32768;
        public static final BsdpSettings DEFAULTS = new BsdpSettings(DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_PRIORITY);
    }

    /** TFTP listener; {@code prefix} is the path under which NBI folders are served (booter paths). */
    public record TftpSettings(String address, int port, String prefix) {
        public static final String DEFAULT_ADDRESS = "0.0.0.0";
        public static final int DEFAULT_PORT = 69;
        public static final String DEFAULT_PREFIX = "NetBoot/NetBootSP0";
        public static final TftpSettings DEFAULTS = new TftpSettings(DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_PREFIX);
    }

    /** HTTP listener; {@code tls} null = plain HTTP (Mac firmware fetches root images over plain HTTP). */
    public record HttpSettings(String address, int port, TlsSettings tls) {
        public static final String DEFAULT_ADDRESS = "0.0.0.0";
        public static final int DEFAULT_PORT = 80;
        public static final HttpSettings DEFAULTS = new HttpSettings(DEFAULT_ADDRESS, DEFAULT_PORT, null);
    }

    /** PEM certificate chain and private key for HTTPS, and the port the HTTPS listener takes. */
    public record TlsSettings(Path cert, Path key, int port) {
        public static final int DEFAULT_PORT = 443;
    }
}
