package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplySizeLimitTest {

    private static int limit(Integer option57, Integer subOption12) {
        DhcpPacketBuilder p = DhcpPacket.builder();
        if (option57 != null) {
            p.option(DhcpOption.of(DhcpOption.MAX_MESSAGE_SIZE, option57 >> 8, option57));
        }
        BsdpOptionsBuilder b = BsdpOptions.builder();
        if (subOption12 != null) {
            b.maxMessageSize(subOption12);
        }
        return ReplySizeLimit.maxDhcpPayload(p.build(), b.build());
    }

    @Test
    void subOption12WinsOver57() {
        assertThat(limit(1500, 8192)).isEqualTo(8192 - 28);
        assertThat(limit(1500, null)).isEqualTo(1500 - 28);
    }

    @Test
    void smallOrMissingLimitsMeanTheRfcMinimum() {
        assertThat(limit(null, null)).isEqualTo(548 - 28);
        assertThat(limit(300, null)).isEqualTo(548 - 28);
        assertThat(limit(548, null)).isEqualTo(548 - 28);
        assertThat(limit(1500, 100)).isEqualTo(548 - 28);
    }

    @Test
    void hugeLimitsAreCappedAt8192() {
        assertThat(limit(65535, null)).isEqualTo(8192 - 28);
        assertThat(limit(null, 65535)).isEqualTo(8192 - 28);
    }

    @Test
    void a57OfTheWrongLengthIsIgnored() {
        DhcpPacket p = DhcpPacket.builder().option(DhcpOption.of(DhcpOption.MAX_MESSAGE_SIZE, 5, 220, 0)).build();
        assertThat(ReplySizeLimit.maxDhcpPayload(p, BsdpOptions.builder().build())).isEqualTo(520);
        // and a sub-option 12 of the wrong length decodes as absent (Apple: opt_len != 2 → look at 57)
        BsdpOptions odd = BsdpOptionsCodec.decode(List.of(DhcpOption.of(DhcpOption.VENDOR_SPECIFIC, 12, 3, 0, 32, 0)));
        assertThat(odd.maxMessageSize()).isEmpty();
    }
}
