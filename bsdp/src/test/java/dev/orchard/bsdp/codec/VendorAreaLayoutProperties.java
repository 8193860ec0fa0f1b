package dev.orchard.bsdp.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split and truncation invariants of ACK[LIST] for random image lists (up to hundreds of images, names
 * up to 246 bytes, multi-byte UTF-8) and random client size limits.
 */
class VendorAreaLayoutProperties {

    @Provide
    Arbitrary<BootImage> image() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('é', '日', ' ', '-')
                .ofMinLength(0).ofMaxLength(246)
                .filter(s -> s.getBytes(StandardCharsets.UTF_8).length <= BootImage.NAME_MAX);
        Arbitrary<BootImageId> ids = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(1, 0xFFFF)).as(BootImageId::of);
        return Combinators.combine(ids, names).as(BootImage::new);
    }

    @Provide
    Arbitrary<List<BootImage>> images() {
        return image().list().ofMinSize(1).ofMaxSize(400).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<Integer> clientLimit() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.of(548, 576, 1500, 8192));
    }

    @Property(tries = 300)
    void everyListAckFitsAndCarriesAPrefix(@ForAll("images") List<BootImage> images, @ForAll("clientLimit") int limit,
                                           @ForAll boolean bound, @ForAll @IntRange(max = 0xFFFF) int priority) {
        DhcpPacket request = request(limit);
        BsdpOptions requestBsdp = BsdpOptionsCodec.decode(request.allOptions(DhcpOption.VENDOR_SPECIFIC));
        int max = ReplySizeLimit.maxDhcpPayload(request, requestBsdp);
        BootImageId def = images.get(0).id();
        Optional<BootImageId> selected = bound ? Optional.of(images.get(images.size() - 1).id()) : Optional.empty();

        BsdpAcks.ListAck ack = BsdpAcks.list(request, Ipv4.parse("10.0.0.5"), priority, def, selected, images, max);
        byte[] wire = DhcpPacketCodec.encode(ack.packet());
        int unpadded = DhcpPacketCodec.unpaddedLength(ack.packet());

        // the packet fits the client's size
        assertThat(unpadded).isLessThanOrEqualTo(max);
        assertThat(wire.length).isLessThanOrEqualTo(Math.max(max, DhcpPacketCodec.MIN_PACKET));

        // every option 43 holds whole sub-options; the first starts 1, 4, 7, [8]; later ones hold one 9 each
        List<DhcpOption> instances = DhcpPacketCodec.decode(wire).allOptions(DhcpOption.VENDOR_SPECIFIC);
        for (int i = 0; i < instances.size(); i++) {
            byte[] d = instances.get(i).data();
            assertThat(d.length).isLessThanOrEqualTo(255);
            List<DhcpOption> subs = DhcpPacketCodec.decodeOptions(d, 0, d.length, "BSDP sub-option");
            List<Integer> codes = subs.stream().map(DhcpOption::code).toList();
            if (i == 0) {
                List<Integer> head = bound ? List.of(1, 4, 7, 8) : List.of(1, 4, 7);
                assertThat(codes.subList(0, head.size())).isEqualTo(head);
                assertThat(codes.subList(head.size(), codes.size())).allMatch(c -> c == 9).hasSizeLessThanOrEqualTo(1);
            } else {
                assertThat(codes).containsExactly(9);
            }
        }

        // the client-side concatenation is exactly a prefix of the list
        BsdpOptions decoded = BsdpOptionsCodec.decode(instances);
        List<BootImage> expected = images.subList(0, ack.layout().imagesIncluded());
        assertThat(decoded.imageList()).isEqualTo(expected);
        assertThat(decoded.defaultImage()).contains(def);
        assertThat(decoded.selectedImage()).isEqualTo(selected);
        assertThat(decoded.serverPriority()).hasValue(priority);

        Statistics.label("truncated").collect(ack.layout().truncated());
        Statistics.label("several 43").collect(instances.size() > 1);
        Statistics.label("truncated").coverage(c -> c.check(true).percentage(p -> p > 10));
        // a non-vacuity floor, not a target: generated lists make several option 43s about a third of the time
        Statistics.label("several 43").coverage(c -> c.check(true).percentage(p -> p > 15));
        // truncated only when the next entry could not have fitted in a further option 43
        if (ack.layout().truncated()) {
            int next = images.get(ack.layout().imagesIncluded()).wireLength();
            assertThat(unpadded + 2 + 2 + next).isGreaterThan(max);
        } else {
            assertThat(ack.layout().imagesIncluded()).isEqualTo(images.size());
        }
    }

    @Property(tries = 200)
    void listsThatFitAreNeverCut(@ForAll("images") List<BootImage> images) {
        int bytes = images.stream().mapToInt(BootImage::wireLength).sum();
        BsdpAcks.ListAck ack = BsdpAcks.list(request(8192), Ipv4.parse("10.0.0.5"), 1, images.get(0).id(),
                Optional.empty(), images, 8192 - 28);
        if (bytes + 4 * ((bytes / 200) + 2) + 300 < 8164) {
            assertThat(ack.layout().truncated()).isFalse();
        }
    }

    @Property(tries = 300)
    void bsdpOptionsRoundTrip(@ForAll("images") List<BootImage> images, @ForAll @IntRange(max = 255) int type,
                              @ForAll @IntRange(max = 0xFFFF) int priority, @ForAll boolean withList,
                              @ForAll @IntRange(max = 0xFFFF) int port, @ForAll @IntRange(min = 1, max = 4) int attrs) {
        List<Integer> filter = new ArrayList<>();
        for (int i = 0; i < attrs; i++) {
            filter.add((port * (i + 1)) & 0xFFFF);
        }
        BsdpOptions o = BsdpOptions.builder().messageType(type).version(0x0101).serverPriority(priority).replyPort(port)
                .serverIdentifier(Ipv4.of(port * 65537)).defaultImage(images.get(0).id())
                .selectedImage(images.get(images.size() - 1).id()).imageList(withList ? images : List.of())
                .attributesFilter(filter).maxMessageSize(port).netboot10Firmware(withList).machineName("NetBoot" + port)
                .shadowMountPath("afp://u:p@10.0.0.5/NetBootClients0").shadowFilePath("NetBoot001/Shadow").build();
        assertThat(BsdpOptionsCodec.decode(BsdpOptionsCodec.encode(o))).isEqualTo(o);
    }

    private static DhcpPacket request(int limit) {
        DhcpPacket p = BsdpInforms.list(1, new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.0.0.20"), "i386", "iMac14,3"), OptionalInt.empty(), List.of());
        // replace sub-option 12 by the random limit, and option 57 with it too, half of the time in each
        List<DhcpOption> options = new ArrayList<>();
        for (DhcpOption o : p.options()) {
            if (o.code() == DhcpOption.MAX_MESSAGE_SIZE) {
                options.add(DhcpOption.of(DhcpOption.MAX_MESSAGE_SIZE, limit >> 8, limit));
            } else if (o.code() == DhcpOption.VENDOR_SPECIFIC) {
                BsdpOptionsBuilder b = BsdpOptionsCodec.decode(List.of(o)).toBuilder();
                options.addAll(BsdpOptionsCodec.encode((limit & 1) == 0 ? b.maxMessageSize(limit).build()
                        : BsdpOptions.builder().messageType(1).version(0x0101).build()));
            } else {
                options.add(o);
            }
        }
        return p.toBuilder().clearOptions().options(options).build();
    }
}
