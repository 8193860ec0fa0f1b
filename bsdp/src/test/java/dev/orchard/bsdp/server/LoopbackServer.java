package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.RecordingBsdpMetrics;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** A real server on 127.0.0.1 (ephemeral port, high reply ports allowed) over a real NBI folder. */
final class LoopbackServer implements AutoCloseable {

    final RecordingBsdpMetrics metrics = new RecordingBsdpMetrics();
    final InMemoryBindingStore bindings = new InMemoryBindingStore();
    final LiveCatalog catalog;
    final BsdpServer server;

    LoopbackServer(Path nbi) throws InterruptedException {
        this(nbi, BsdpServerConfig.builder(), new CatalogBootPolicy());
    }

    LoopbackServer(Path nbi, BsdpServerConfigBuilder config, BootPolicy policy) throws InterruptedException {
        catalog = new LiveCatalog(NbiCatalogScanner.standard(), List.of(nbi));
        catalog.rescan();
        server = BsdpServer.start(config.bindAddress(Ipv4.parse("127.0.0.1")).port(0).allowHighReplyPorts(true).build(),
                catalog, policy, bindings, metrics);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    BsdpClient client() throws InterruptedException {
        return BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0), address()));
    }

    @Override
    public void close() {
        server.close();
    }
}
