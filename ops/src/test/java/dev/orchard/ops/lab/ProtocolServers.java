package dev.orchard.ops.lab;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.NoOpBsdpMetrics;
import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.wiring.PolicyBootPolicy;
import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import dev.orchard.tftp.spi.NoOpTftpMetrics;
import dev.orchard.tftp.spi.RootedFileSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The firmware-facing half of a server, composed straight from the protocol modules on 127.0.0.1
 * (ephemeral ports), for testing the lab's BSDP, TFTP and root-image steps on their own: BSDP answering
 * from the policy (the server's own {@link PolicyBootPolicy}), TFTP over one NBI folder,
 * HTTP serving another at {@code /NetBoot/NetBootSP0}. The folders may differ from the lab's on purpose.
 */
final class ProtocolServers implements AutoCloseable {

    final BsdpServer bsdp;
    final TftpServer tftp;
    final HttpImageServer http;

    ProtocolServers(Path bsdpNbis, BootPolicy policy, Path tftpRoot, Path httpNbis) throws Exception {
        http = HttpImageServer.start(HttpServerConfig.plain(new InetSocketAddress("127.0.0.1", 0),
                List.of(Mount.of("/NetBoot/NetBootSP0", httpNbis, MountKind.NBI))), HttpPorts.standalone());
        tftp = TftpServer.start(TftpServerConfig.defaults().withBindAddress(new InetSocketAddress("127.0.0.1", 0)),
                RootedFileSource.builder(tftpRoot).build(), NoOpTftpMetrics.INSTANCE);
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), List.of(bsdpNbis));
        catalog.rescan();
        bsdp = BsdpServer.start(BsdpServerConfig.builder().bindAddress(Ipv4.parse("127.0.0.1")).port(0)
                        .allowHighReplyPorts(true)
                        .httpBase("http://127.0.0.1:" + http.address().getPort() + BsdpServerConfig.APPLE_HTTP_PATH)
                        .build(),
                catalog, policy, new InMemoryBindingStore(), NoOpBsdpMetrics.INSTANCE);
    }

    /** The policy's answer, as the wiring gives it. */
    static BootPolicy fromPolicy(ConfigSnapshot snapshot) {
        return new PolicyBootPolicy(() -> snapshot);
    }

    int tftpPort() {
        return tftp.localAddress().getPort();
    }

    @Override
    public void close() {
        bsdp.close();
        tftp.close();
        http.close();
    }
}
