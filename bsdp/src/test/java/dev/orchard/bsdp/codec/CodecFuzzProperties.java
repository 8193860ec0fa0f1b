package dev.orchard.bsdp.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Random and mutated bytes: the codec either decodes or throws {@link MalformedPacketException}, nothing else. */
class CodecFuzzProperties {

    private static final byte[] VALID = DhcpPacketCodec.encode(BsdpInforms.list(42,
            new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"), Ipv4.parse("10.0.0.20"), "i386",
                    "MacBookPro11,2"), OptionalInt.of(890), List.of(0x8100)));

    @Property(tries = 2000)
    void randomBytesDecodeOrAreMalformed(@ForAll @Size(max = 700) byte[] bytes) {
        decodeFully(bytes);
    }

    @Property(tries = 3000)
    void mutatedInformsDecodeOrAreMalformed(@ForAll @IntRange(min = 236, max = 400) int offset,
                                            @ForAll byte value, @ForAll @IntRange(min = 200, max = 400) int cut) {
        byte[] b = VALID.clone();
        b[Math.min(offset, b.length - 1)] = value;
        decodeFully(java.util.Arrays.copyOf(b, Math.min(cut, b.length)));
    }

    @Provide
    Arbitrary<DhcpPacket> packets() {
        return Arbitraries.integers().map(xid -> BsdpInforms.select(xid,
                new BsdpInforms.ClientIdentity(new MacAddress(xid & 0xFFFFFFFFL), Ipv4.of(xid), "i386", "iMac" + xid),
                OptionalInt.of(xid & 0x3FF), Ipv4.of(~xid), new BootImageId(xid | 1)));
    }

    @Property(tries = 300)
    void packetsRoundTrip(@ForAll("packets") DhcpPacket p) {
        assertThat(DhcpPacketCodec.decode(DhcpPacketCodec.encode(p))).isEqualTo(p);
    }

    private static void decodeFully(byte[] bytes) {
        assertThatCode(() -> {
            try {
                DhcpPacket p = DhcpPacketCodec.decode(bytes);
                BsdpOptionsCodec.decode(p.allOptions(DhcpOption.VENDOR_SPECIFIC));
                p.option(DhcpOption.VENDOR_CLASS_IDENTIFIER).ifPresent(o -> BsdpVendorClass.parse(o.data()));
                ReplySizeLimit.maxDhcpPayload(p, BsdpOptions.builder().build());
            } catch (MalformedPacketException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }).doesNotThrowAnyException();
    }
}
