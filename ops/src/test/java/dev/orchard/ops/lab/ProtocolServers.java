package dev.orchard.ops.lab;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.NoOpBsdpMetrics;
import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import dev.orchard.tftp.spi.NoOpTftpMetrics;
import dev.orchard.tftp.spi.RootedFileSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The firmware-facing half of a server, composed straight from the protocol modules on 127.0.0.1
 * (ephemeral ports), for testing the lab's BSDP, TFTP and root-image steps on their own: BSDP answering
 * from the policy (the NBIs of {@link Decision#possibleNbis()}, default first), TFTP over one NBI folder,
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

    /** The policy's answer, as the wiring gives it: the possible NBIs by name, the matched rule's first. */
    static BootPolicy fromPolicy(ConfigSnapshot snapshot) {
        return (client, catalog) -> {
            Decision d = PolicyEvaluator.decide(snapshot, new MachineIdentity(new MacAddress(client.mac().value()),
                    null, client.systemId(), client.ciaddr().getHostAddress()));
            List<NbImage> images = d.possibleNbis().stream().flatMap(n -> catalog.byName(n).stream().limit(1))
                    .filter(i -> i.supports(client.architecture(), client.systemId(), client.mac())).toList();
            return images.isEmpty() ? Optional.empty() : Optional.of(BootOffer.of(images));
        };
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
