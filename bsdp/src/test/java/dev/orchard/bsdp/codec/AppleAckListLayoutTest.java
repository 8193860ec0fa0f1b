package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our ACK[LIST] holds every layout fact of Apple's server ({@link AppleAckListFacts}, read from Apple's
 * bootp sources), in every build, for requests and lists of our own. What the golden vectors do not
 * already pin: the header copied from a relayed, broadcast request with hops and secs set, siaddr, sname
 * and file left alone, the exact length (300 when short, the end option last when longer), and the
 * bound client's sub-option 8. The byte-for-byte comparison with a real Apple reply is
 * {@link AppleCaptureGoldenTest}; the split of long lists over several 43s is also a property for
 * random lists in {@link VendorAreaLayoutProperties}.
 */
class AppleAckListLayoutTest {

    private static final Inet4Address SERVER = Ipv4.parse("10.0.0.5");
    private static final BootImageId NETINSTALL = BootImageId.of(true, BootImageId.KIND_MAC_OS_X, 0x0101);
    private static final BootImageId DIAGNOSTICS = BootImageId.of(false, BootImageId.KIND_DIAGNOSTICS, 0x1002);

    /** A relayed INFORM[LIST] (giaddr, hops) with the broadcast flag and secs set: none of it may leak. */
    private static DhcpPacket relayedRequest() {
        DhcpPacket inform = BsdpInforms.list(0x5eed0001, new BsdpInforms.ClientIdentity(
                MacAddress.parse("3c:07:54:12:34:56"), Ipv4.parse("10.2.0.44"), "i386", "Macmini7,1"),
                OptionalInt.of(1001), List.of());
        return inform.toBuilder().hops(2).secs(17).flags(DhcpPacket.FLAG_BROADCAST).giaddr(Ipv4.parse("10.2.0.1"))
                .build();
    }

    private static byte[] ackList(DhcpPacket request, Optional<BootImageId> selected, List<BootImage> images) {
        int max = ReplySizeLimit.maxDhcpPayload(request,
                BsdpOptionsCodec.decode(request.allOptions(DhcpOption.VENDOR_SPECIFIC)));
        return DhcpPacketCodec.encode(BsdpAcks.list(request, SERVER, 32760, NETINSTALL, selected, images, max)
                .packet());
    }

    @Test
    void aShortReplyToARelayedRequestCopiesItsHeaderResetsHopsAndSecsAndIsPaddedTo300() {
        DhcpPacket request = relayedRequest();
        byte[] reply = ackList(request, Optional.empty(), List.of(new BootImage(NETINSTALL, "NetInstall")));

        assertThat(AppleAckListFacts.violations(reply)).isEmpty();
        assertThat(AppleAckListFacts.headerNotCopied(reply, request)).isEmpty();
        // 240 header and cookie + 3 (53) + 6 (54) + 11 (60) + 2 + 13 (1, 4, 7) + 17 (9) + 1 (end) = 293
        assertThat(reply).hasSize(300);
        assertThat(WireDiff.layout(reply)).isEqualTo("[53, 54, 60, 43[1, 4, 7, 9], 255, 7 bytes after end]");
    }

    @Test
    void aBoundClientGetsSubOption8AfterTheDefaultAndALongListEndsAtTheEndOption() {
        DhcpPacket request = relayedRequest();
        List<BootImage> images = new ArrayList<>();
        images.add(new BootImage(NETINSTALL, "NetInstall"));
        images.add(new BootImage(DIAGNOSTICS, "Diagnostics"));
        for (int i = 0; i < 12; i++) {
            images.add(new BootImage(BootImageId.of(true, BootImageId.KIND_MAC_OS_X, 0x200 + i),
                    "Lab image " + i + " — macOS 10.13.6 NetInstall, restore and first-boot workflow"));
        }
        byte[] reply = ackList(request, Optional.of(DIAGNOSTICS), images);

        assertThat(AppleAckListFacts.violations(reply)).isEmpty();
        assertThat(AppleAckListFacts.headerNotCopied(reply, request)).isEmpty();
        assertThat(reply.length).isGreaterThan(300);
        assertThat(WireDiff.layout(reply)).startsWith("[53, 54, 60, 43[1, 4, 7, 8, 9], 43[9], 43[9]").endsWith(", 255]");
        BsdpOptions decoded = BsdpOptionsCodec.decode(DhcpPacketCodec.decode(reply).allOptions(DhcpOption.VENDOR_SPECIFIC));
        assertThat(decoded.imageList()).isEqualTo(images);
        assertThat(decoded.selectedImage()).contains(DIAGNOSTICS);
    }

    @Test
    void aVersion10ReplyWithoutAListIsOneFortyThreeOf1_4_7() {
        byte[] reply = ackList(relayedRequest(), Optional.empty(), List.of());

        assertThat(AppleAckListFacts.violations(reply)).isEmpty();
        assertThat(WireDiff.layout(reply)).startsWith("[53, 54, 60, 43[1, 4, 7], 255");
    }

    /** The checker itself can fail: each fact, broken in an otherwise good reply, is reported. */
    @Test
    void theFactsCatchEachDeparture() {
        DhcpPacket request = relayedRequest();
        DhcpPacket good = BsdpAcks.list(request, SERVER, 1, NETINSTALL, Optional.empty(),
                List.of(new BootImage(NETINSTALL, "NetInstall")), 1472).packet();

        assertThat(AppleAckListFacts.violations(DhcpPacketCodec.encode(good.toBuilder().hops(1).build())))
                .containsExactly("hops is 0, was 1");
        assertThat(AppleAckListFacts.violations(DhcpPacketCodec.encode(good.toBuilder().siaddr(SERVER).build())))
                .containsExactly("siaddr is left as the INFORM's 0.0.0.0");
        assertThat(AppleAckListFacts.violations(DhcpPacketCodec.encode(good.toBuilder().sname("orchard").build())))
                .containsExactly("sname is left as the INFORM's (empty, all zero)");
        List<DhcpOption> swapped = new ArrayList<>(good.options());
        swapped.add(1, swapped.remove(2));
        assertThat(AppleAckListFacts.violations(DhcpPacketCodec.encode(good.toBuilder().clearOptions().options(swapped)
                .build()))).singleElement().asString().startsWith("options are 53, 54, 60");
        DhcpOption withServerId = new DhcpOption(DhcpOption.VENDOR_SPECIFIC, concat(
                good.option(DhcpOption.VENDOR_SPECIFIC).orElseThrow().data(), new byte[] {3, 4, 10, 0, 0, 5}));
        List<DhcpOption> extra = new ArrayList<>(good.options().subList(0, 3));
        extra.add(withServerId);
        assertThat(AppleAckListFacts.violations(DhcpPacketCodec.encode(good.toBuilder().clearOptions().options(extra)
                .build()))).singleElement().asString().contains("holds sub-options 1, 4, 7, [8], [9]");
        byte[] overPadded = Arrays.copyOf(DhcpPacketCodec.encode(good), 301);
        assertThat(AppleAckListFacts.violations(overPadded)).singleElement().asString().startsWith("the packet is max(300");
        assertThat(AppleAckListFacts.headerNotCopied(DhcpPacketCodec.encode(good.toBuilder().flags(0).build()), request))
                .containsExactly("flags are the request's");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
