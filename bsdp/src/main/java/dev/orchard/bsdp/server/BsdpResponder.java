package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpAcks;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.BsdpSubOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.ReplySizeLimit;
import dev.orchard.bsdp.codec.Utf8;
import dev.orchard.bsdp.spi.Binding;
import dev.orchard.bsdp.spi.BindingStore;
import dev.orchard.bsdp.spi.BootClient;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers one classified BSDP request as Apple's bsdpd does ({@code bsdpd.c bsdp_request}, INFORM case).
 * Runs on a worker thread: it asks the {@link BootPolicy} and the {@link BindingStore}, either of which
 * may be slow. Pure apart from those two and the metrics: no Netty types.
 */
final class BsdpResponder {

    /** What to do with a request. */
    sealed interface Outcome {
        /** Send {@code reply} to {@code recipient}. */
        record Send(DhcpPacket reply, InetSocketAddress recipient, BsdpMetrics.ReplyType type) implements Outcome {
        }

        /** Stay silent. */
        record Drop(DropReason reason, String detail) implements Outcome {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BsdpResponder.class);

    private final BsdpServerConfig config;
    private final Supplier<NbiCatalog> catalog;
    private final BootPolicy policy;
    private final BindingStore bindings;
    private final ServerAddressResolver addresses;
    private final BsdpMetrics metrics;
    private final BootPaths paths;
    private final Optional<InterfaceScope> scope;
    private final ThrottledLog notServed = new ThrottledLog(LOG, 1000);
    private final ThrottledLog truncations = new ThrottledLog(LOG, 1000);
    private final ThrottledLog failures = new ThrottledLog(LOG, 1000);

    BsdpResponder(BsdpServerConfig config, Supplier<NbiCatalog> catalog, BootPolicy policy, BindingStore bindings,
                  ServerAddressResolver addresses, BsdpMetrics metrics) {
        this(config, catalog, policy, bindings, addresses, metrics, Optional.empty());
    }

    /** {@code scope}: the served interfaces, empty = all (see {@link InterfaceScope}). */
    BsdpResponder(BsdpServerConfig config, Supplier<NbiCatalog> catalog, BootPolicy policy, BindingStore bindings,
                  ServerAddressResolver addresses, BsdpMetrics metrics, Optional<InterfaceScope> scope) {
        this.config = config;
        this.scope = scope;
        this.catalog = catalog;
        this.policy = policy;
        this.bindings = bindings;
        this.addresses = addresses;
        this.metrics = metrics;
        this.paths = new BootPaths(config);
    }

    Outcome respond(BsdpRequest r) {
        DhcpPacket p = r.packet();
        Optional<InterfaceScope.Refusal> refused = scope.flatMap(s -> s.refusal(p.ciaddr()));
        if (refused.isPresent()) {
            if (refused.get().reason() == DropReason.INTERFACE_NOT_SERVED) {
                notServed.info("BSDP {} from {} not answered: {}", r.type(), r.mac(), refused.get().detail());
            }
            return new Outcome.Drop(refused.get().reason(), refused.get().detail());
        }
        Optional<Inet4Address> server = addresses.addressFor(p.ciaddr());
        if (server.isEmpty()) {
            return new Outcome.Drop(DropReason.NO_ROUTE, "no local address routes to " + p.ciaddr().getHostAddress());
        }
        // Apple's request filter: a non-zero siaddr must be ours
        if (!Ipv4.isZero(p.siaddr()) && !p.siaddr().equals(server.get())) {
            return new Outcome.Drop(DropReason.OTHER_SERVER_NAMED, "siaddr " + p.siaddr().getHostAddress());
        }
        InetSocketAddress to = new InetSocketAddress(p.ciaddr(), r.replyPort());
        return r.type() == BsdpMessageType.LIST ? list(r, server.get(), to) : select(r, server.get(), to);
    }

    private Outcome list(BsdpRequest r, Inet4Address server, InetSocketAddress to) {
        Optional<BootOffer> offer;
        try {
            offer = ask(r, BsdpMessageType.LIST);
        } catch (RuntimeException e) {
            return policyFailed(r, e);
        }
        if (offer.isEmpty()) {
            return new Outcome.Drop(DropReason.NO_IMAGE, "no image applies to " + r.mac());
        }
        BootOffer o = offer.get();
        NbImage defaultImage = o.defaultImage().orElse(o.images().get(0));
        Optional<BootImageId> selected = bindings.find(r.mac()).map(Binding::image)
                .filter(id -> o.images().stream().anyMatch(i -> i.id().equals(id)));
        // version 1.0 clients get 1, 4, 7, [8] and no list (bsdpd.c)
        List<NbImage> listed = r.bsdp().version().getAsInt() == BsdpSubOption.VERSION_1_0 ? List.of() : o.images();
        int max = ReplySizeLimit.maxDhcpPayload(r.packet(), r.bsdp());
        BsdpAcks.ListAck ack = BsdpAcks.list(r.packet(), server, priority(), defaultImage.id(), selected,
                listed.stream().map(NbImage::listEntry).toList(), max);
        if (ack.layout().truncated()) {
            metrics.imageListTruncated();
            truncations.info("image list for {} truncated to first {} of {} images: the client accepts {} bytes",
                    r.mac(), ack.layout().imagesIncluded(), ack.layout().imagesOffered(), max);
        }
        return new Outcome.Send(ack.packet(), to, BsdpMetrics.ReplyType.ACK_LIST);
    }

    private Outcome select(BsdpRequest r, Inet4Address server, InetSocketAddress to) {
        Optional<Inet4Address> chosen = r.bsdp().serverIdentifier();
        if (chosen.isEmpty()) {
            return new Outcome.Drop(DropReason.SELECT_WITHOUT_SERVER, "INFORM[SELECT] without server identifier");
        }
        if (!chosen.get().equals(server)) {
            bindings.remove(r.mac()); // the Mac chose another server: forget ours, as Apple does
            return new Outcome.Drop(DropReason.SELECT_FOR_OTHER_SERVER, "selected " + chosen.get().getHostAddress());
        }
        Optional<BootOffer> offer;
        try {
            offer = ask(r, BsdpMessageType.SELECT);
        } catch (RuntimeException e) {
            return policyFailed(r, e);
        }
        Optional<BootImageId> wanted = r.bsdp().selectedImage();
        Optional<NbImage> image = offer.flatMap(o -> wanted.isPresent()
                ? o.images().stream().filter(i -> i.id().equals(wanted.get())).findFirst()
                : o.defaultImage());
        if (image.isEmpty()) {
            return failed(r, server, to, "image " + wanted.map(BootImageId::toString).orElse("(default)")
                    + " is unknown or not allowed for " + r.mac() + " (" + r.vendorClass().systemId() + ")");
        }
        NbImage chosenImage = image.get();
        String bootFile = paths.bootFile(chosenImage, r.vendorClass().architecture());
        Optional<String> rootPath = paths.rootPath(chosenImage, server);
        if (Utf8.length(bootFile) > DhcpPacket.FILE_MAX || rootPath.map(Utf8::length).orElse(0) > 255) {
            return failed(r, server, to, "boot file '" + bootFile + "' (max 127 bytes) or root path '"
                    + rootPath.orElse("") + "' (max 255 bytes) of " + chosenImage.bundleName() + " is too long");
        }
        Binding binding = bindings.bind(r.mac(), chosenImage.id());
        DhcpPacket ack = BsdpAcks.select(r.packet(), server, config.tftpServer().orElse(server), bootFile, rootPath,
                chosenImage.id(), config.machineName(binding.hostNumber()),
                ReplySizeLimit.maxDhcpPayload(r.packet(), r.bsdp()));
        LOG.debug("BSDP ACK[SELECT] {} {} -> {} file={} root={}", r.mac(), r.vendorClass().systemId(),
                chosenImage.bundleName(), bootFile, rootPath.orElse("-"));
        try {
            policy.selected(client(r, BsdpMessageType.SELECT), chosenImage);
        } catch (RuntimeException e) {
            failures.warn("boot policy could not note the selection of {} by {}: {}", chosenImage.bundleName(),
                    r.mac(), e.toString());
        }
        return new Outcome.Send(ack, to, BsdpMetrics.ReplyType.ACK_SELECT);
    }

    private static BootClient client(BsdpRequest r, BsdpMessageType type) {
        return new BootClient(r.mac(), r.vendorClass().systemId(), r.vendorClass().architecture(),
                r.packet().ciaddr(), r.packet().giaddr(), r.bsdp().attributesFilter(), type);
    }

    private Optional<BootOffer> ask(BsdpRequest r, BsdpMessageType type) {
        long start = System.nanoTime();
        Optional<BootOffer> offer = policy.offer(client(r, type), catalog.get());
        metrics.policyAnswered(System.nanoTime() - start);
        return offer == null ? Optional.empty() : offer;
    }

    private Outcome failed(BsdpRequest r, Inet4Address server, InetSocketAddress to, String why) {
        failures.info("BSDP ACK[FAILED] to {}: {}", r.mac(), why);
        return new Outcome.Send(BsdpAcks.failed(r.packet(), server), to, BsdpMetrics.ReplyType.ACK_FAILED);
    }

    private Outcome policyFailed(BsdpRequest r, RuntimeException e) {
        failures.warn("boot policy failed for {}: {}", r.mac(), e.toString());
        return new Outcome.Drop(DropReason.POLICY_FAILED, e.toString());
    }

    /** Fixed, or Apple's {@code server_priority - PLCache_count}, floored at 0. */
    private int priority() {
        if (config.priority().isPresent()) {
            return config.priority().getAsInt();
        }
        return Math.max(0, BsdpServerConfig.PRIORITY_BASE - bindings.size());
    }
}
