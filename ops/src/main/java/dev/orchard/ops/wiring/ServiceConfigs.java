package dev.orchard.ops.wiring;

import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.server.BsdpServerConfigBuilder;
import dev.orchard.http.files.Mount;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.server.TlsSettings;
import dev.orchard.ops.config.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol servers' settings from {@code server:} in orchard.yaml and the actual listeners: what
 * each module's config record needs, in one place so the three agree (the BSDP reply names the TFTP
 * booter path and the HTTP root-image URL the other two serve).
 */
final class ServiceConfigs {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfigs.class);

    private ServiceConfigs() {
    }

    static HttpServerConfig http(ServerSettings s, Listeners l, List<Mount> mounts, Optional<String> adminToken) {
        HttpServerConfig c = HttpServerConfig.plain(l.http(), mounts);
        if (adminToken.isPresent()) {
            c = c.withAdminToken(adminToken.get());
        }
        if (s.http().tls() != null) {
            c = c.withTls(new TlsSettings(l.https(), s.http().tls().cert(), s.http().tls().key()));
        }
        return c;
    }

    /**
     * @param httpBound the HTTP listener actually bound (its port goes into root-image URLs)
     */
    static BsdpServerConfig bsdp(ServerSettings s, Listeners l, InetSocketAddress httpBound, boolean highReplyPorts) {
        BsdpServerConfigBuilder b = BsdpServerConfig.builder()
                .bindAddress(l.bsdp().getAddress()).port(l.bsdp().getPort())
                .priority(s.bsdp().priority())
                .bootFilePrefix(BootFiles.bootFilePrefix(s.tftp().prefix()))
                .httpBase(httpBase(s.advertiseAddress(), httpBound))
                .allowHighReplyPorts(highReplyPorts)
                .serverName(hostName())
                .answerOnInterfaces(Set.copyOf(s.interfaces()));
        if (s.advertiseAddress() != null) {
            b.advertiseAddress(Ipv4.parse(s.advertiseAddress()));
        }
        InetAddress tftp = l.tftp().getAddress();
        if (s.advertiseAddress() == null && !tftp.isAnyLocalAddress() && tftp instanceof java.net.Inet4Address v4) {
            b.tftpServer(v4); // TFTP bound to one address: that is where the booter is
        }
        return b.build();
    }

    /**
     * The base of HTTP root-image URLs (BSDP option 17): {@code http://<advertise>[:port]/NetBoot/NetBootSP0}.
     * Without an advertise address the BSDP server uses the address on the route to each Mac, which
     * only works on port 80 (its default URL has no port). Null = that default.
     */
    static String httpBase(String advertise, InetSocketAddress httpBound) {
        InetAddress bound = httpBound.getAddress();
        String host = advertise != null ? advertise : bound.isAnyLocalAddress() ? null : bound.getHostAddress();
        int port = httpBound.getPort();
        if (host == null) {
            if (port != 80) {
                LOG.warn("HTTP listens on port {} but server.advertise_address is not set: Macs are told to fetch"
                        + " root images from port 80. Set advertise_address so the URLs carry the port.", port);
            }
            return null;
        }
        return "http://" + host + (port == 80 ? "" : ":" + port) + HttpMounts.NBI_PREFIX;
    }

    /** Apple's sname filter compares with the host name; when it cannot be known, that check is off. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
