package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.BsdpOptionsCodec;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.RecordingBsdpMetrics;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The server's decision logic without sockets: classifier then responder, as the handler chains them. */
final class ServerLogicHarness {

    static final Inet4Address SERVER = Ipv4.parse("10.0.0.5");
    static final Inet4Address CLIENT_IP = Ipv4.parse("10.0.0.20");
    static final MacAddress MAC = MacAddress.parse("00:1e:c2:00:00:01");

    final RecordingBsdpMetrics metrics = new RecordingBsdpMetrics();
    final InMemoryBindingStore bindings = new InMemoryBindingStore();
    final NbiCatalog catalog;
    final BsdpServerConfig config;
    final RequestClassifier classifier;
    final BsdpResponder responder;
    private int xid = 100;

    ServerLogicHarness(Path root, BsdpServerConfig config) {
        this(root, config, new CatalogBootPolicy());
    }

    ServerLogicHarness(Path root, BsdpServerConfig config, BootPolicy policy) {
        this(root, config, policy, Optional.empty());
    }

    /** {@code scope}: the served-interface check, as the server wires it (empty = every interface). */
    ServerLogicHarness(Path root, BsdpServerConfig config, BootPolicy policy, Optional<InterfaceScope> scope) {
        this.catalog = NbiCatalogScanner.standard().scan(List.of(root));
        this.config = config;
        this.classifier = new RequestClassifier(config, metrics);
        this.responder = new BsdpResponder(config, LiveCatalog.fixed(catalog), policy, bindings,
                ServerAddressResolver.fixed(SERVER), metrics, scope);
    }


    static BsdpInforms.ClientIdentity mac(String model) {
        return new BsdpInforms.ClientIdentity(MAC, CLIENT_IP, "i386", model);
    }

    DhcpPacket list(String model) {
        return BsdpInforms.list(++xid, mac(model), OptionalInt.of(890), List.of());
    }

    DhcpPacket list(String model, List<Integer> filter) {
        return BsdpInforms.list(++xid, mac(model), OptionalInt.of(890), filter);
    }

    DhcpPacket select(String model, Inet4Address server, BootImageId image) {
        return BsdpInforms.select(++xid, mac(model), OptionalInt.of(890), server, image);
    }

    BsdpResponder.Outcome handle(DhcpPacket p) {
        RequestClassifier.Verdict v = classifier.classify(p, new InetSocketAddress(CLIENT_IP, 68));
        if (v instanceof RequestClassifier.Verdict.Drop d) {
            return new BsdpResponder.Outcome.Drop(d.reason(), d.detail());
        }
        return responder.respond(((RequestClassifier.Verdict.Accept) v).request());
    }

    DhcpPacket reply(DhcpPacket p) {
        BsdpResponder.Outcome o = handle(p);
        if (o instanceof BsdpResponder.Outcome.Send s) {
            return s.reply();
        }
        throw new AssertionError("expected a reply, got " + o);
    }

    DropReason dropReason(DhcpPacket p) {
        BsdpResponder.Outcome o = handle(p);
        if (o instanceof BsdpResponder.Outcome.Drop d) {
            return d.reason();
        }
        throw new AssertionError("expected silence, got " + o);
    }

    BsdpMessageType bsdpType(DhcpPacket reply) {
        return BsdpOptionsCodec.decode(reply.allOptions(DhcpOption.VENDOR_SPECIFIC)).bsdpMessageType().orElseThrow();
    }
}
