package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import static dev.orchard.bsdp.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds checks, one by one, with the message an admin reads in the log. */
class MalformedInputTest {

    private static byte[] withOptions(String hex) {
        byte[] area = bytes(hex);
        byte[] b = new byte[DhcpPacketCodec.OPTIONS_OFFSET + area.length];
        b[0] = 1;
        b[1] = 1;
        b[2] = 6;
        DhcpPacketCodec.writeInt(b, DhcpPacketCodec.HEADER, DhcpPacketCodec.MAGIC_COOKIE);
        System.arraycopy(area, 0, b, DhcpPacketCodec.OPTIONS_OFFSET, area.length);
        return b;
    }

    @Test
    void truncatedHeader() {
        assertThatThrownBy(() -> DhcpPacketCodec.decode(new byte[235])).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("235 bytes");
        assertThatThrownBy(() -> DhcpPacketCodec.decode(new byte[0])).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void plainBootpWithoutCookieHasNoOptions() {
        byte[] b = new byte[300];
        b[0] = 1;
        b[2] = 6;
        assertThat(DhcpPacketCodec.decode(b).options()).isEmpty();
        assertThat(DhcpPacketCodec.decode(Arrays.copyOf(b, 238)).options()).isEmpty();
    }

    @Test
    void hlenOver16() {
        byte[] b = withOptions("FF");
        b[2] = 17;
        assertThatThrownBy(() -> DhcpPacketCodec.decode(b)).hasMessageContaining("hlen is 17");
    }

    @Test
    void optionLengthPastTheEnd() {
        assertThatThrownBy(() -> DhcpPacketCodec.decode(withOptions("35 01 08 3C 20 41 41")))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("DHCP option 60").hasMessageContaining("claims 32 bytes but only 2 remain");
        assertThatThrownBy(() -> DhcpPacketCodec.decode(withOptions("35"))).hasMessageContaining("no length byte");
    }

    @Test
    void padEndAndMissingEnd() {
        DhcpPacket p = DhcpPacketCodec.decode(withOptions("00 00 35 01 08 00 FF 3C 02 41 41"));
        assertThat(p.options()).containsExactly(DhcpOption.of(53, 8));
        assertThat(DhcpPacketCodec.decode(withOptions("35 01 08")).options()).containsExactly(DhcpOption.of(53, 8));
    }

    @Test
    void aThousandTinyOptionsKeepTheirOrder() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            hex.append(String.format("%02X 00 ", 1 + i % 250));
        }
        DhcpPacket p = DhcpPacketCodec.decode(withOptions(hex + "2B 03 01 01 01"));
        assertThat(p.options()).hasSize(1001);
        assertThat(p.options().get(999).code()).isEqualTo(1 + 999 % 250);
        assertThat(p.allOptions(43)).hasSize(5); // i = 42, 292, 542, 792 and the last one
    }

    @Test
    void repeatedOptionsStayInOrder() {
        DhcpPacket p = DhcpPacketCodec.decode(withOptions("2B 03 01 01 01 35 01 08 2B 04 02 02 01 01 FF"));
        assertThat(p.allOptions(43)).extracting(DhcpOption::length).containsExactly(3, 4);
        BsdpOptions o = BsdpOptionsCodec.decode(p.allOptions(43));
        assertThat(o.messageType()).hasValue(1);
        assertThat(o.version()).hasValue(0x0101);
    }

    @Test
    void badSubOptionLengths() {
        assertThatThrownBy(() -> decode43("01 02 01 01")).hasMessageContaining("sub-option 1 (message type) has length 2");
        assertThatThrownBy(() -> decode43("02 01 01")).hasMessageContaining("(version) has length 1, expected 2");
        assertThatThrownBy(() -> decode43("03 03 0A 00 00")).hasMessageContaining("server identifier");
        assertThatThrownBy(() -> decode43("08 05 01 02 03 04 05")).hasMessageContaining("selected boot image");
        assertThatThrownBy(() -> decode43("01 01 01 05 04 03")).hasMessageContaining("BSDP sub-option 5")
                .hasMessageContaining("claims 4 bytes");
        assertThatThrownBy(() -> decode43("09 07 01 00 00 01 09 41 42")).hasMessageContaining("claims a 9-byte name");
        assertThatThrownBy(() -> decode43("09 03 01 00 00")).hasMessageContaining("needs at least 5");
    }

    @Test
    void subOptionsCannotStraddleTwoInstances() {
        List<DhcpOption> split = List.of(DhcpOption.of(43, 1, 1, 1, 2), DhcpOption.of(43, 2, 1, 1));
        assertThatThrownBy(() -> BsdpOptionsCodec.decode(split)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void oddAttributeFilterByteIsIgnoredAsApple() {
        assertThat(decode43("0B 03 03 00 81").attributesFilter()).containsExactly(0x0300);
    }

    @Test
    void vendorClassParsing() {
        assertThat(BsdpVendorClass.parse("AAPLBSDPC/i386/iMac14,3".getBytes()))
                .contains(new BsdpVendorClass("i386", "iMac14,3"));
        assertThat(BsdpVendorClass.parse("AAPLBSDPC".getBytes())).contains(new BsdpVendorClass("", ""));
        assertThat(BsdpVendorClass.parse("AAPLBSDPC/i386".getBytes())).isEmpty();
        assertThat(BsdpVendorClass.parse("AAPLBSDPCX".getBytes())).isEmpty();
        assertThat(BsdpVendorClass.parse("PXEClient:Arch:00000".getBytes())).isEmpty();
        assertThat(BsdpVendorClass.parse("AAPLBSDPC/i386/a\nb".getBytes())).isEmpty();
        assertThat(BsdpVendorClass.parse("AAPL".getBytes())).isEmpty();
    }

    @Test
    void macAddressParsingIsStrict() {
        assertThat(MacAddress.parse("0:1E:c2:3:4:5")).hasToString("00:1e:c2:03:04:05");
        assertThat(MacAddress.parse("001ec2030405")).isEqualTo(MacAddress.parse("00-1e-c2-03-04-05"));
        assertThatThrownBy(() -> MacAddress.parse("00:1e:c2:03:04")).hasMessageContaining("is not a MAC address");
        assertThatThrownBy(() -> MacAddress.parse("zz:1e:c2:03:04:05")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverSendsTheNullImage() {
        DhcpPacket req = BsdpInforms.list(1, new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.0.0.2"), "i386", "x"), OptionalInt.empty(), List.of());
        assertThatThrownBy(() -> BsdpAcks.list(req, Ipv4.parse("10.0.0.1"), 1, new BootImageId(0x81000000),
                java.util.Optional.empty(), List.of(), 520)).hasMessageContaining("null image");
    }

    private static BsdpOptions decode43(String hex) {
        return BsdpOptionsCodec.decode(List.of(new DhcpOption(43, bytes(hex))));
    }
}
