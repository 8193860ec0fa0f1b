package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.codec.AppleAckListFacts;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.orchard.bsdp.server.ServerLogicHarness.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACK[LIST] the server sends — catalog, policy, binding and builder together, encoded as the datagram
 * encoder does — holds Apple's layout facts ({@link AppleAckListFacts}), for a new and for a bound Mac
 * asking through a relay.
 */
class ServedAckListLayoutTest {

    @TempDir
    Path root;

    @Test
    void servedAckListsHaveApplesLayoutBeforeAndAfterBinding() {
        NbiFixture.bundle(root, "Lab.nbi").index(1).name("Lab NetInstall").write();
        ServerLogicHarness h = new ServerLogicHarness(root, BsdpServerConfig.builder().build());

        DhcpPacket first = relayed(h.list("MacBookPro11,2"));
        byte[] reply = DhcpPacketCodec.encode(h.reply(first));
        assertThat(AppleAckListFacts.violations(reply)).isEmpty();
        assertThat(AppleAckListFacts.headerNotCopied(reply, first)).isEmpty();

        h.reply(h.select("MacBookPro11,2", SERVER, new BootImageId(0x81000001)));
        DhcpPacket again = relayed(h.list("MacBookPro11,2"));
        byte[] bound = DhcpPacketCodec.encode(h.reply(again));
        assertThat(AppleAckListFacts.violations(bound)).isEmpty();
        assertThat(AppleAckListFacts.headerNotCopied(bound, again)).isEmpty();
        assertThat(h.reply(again).option(43).orElseThrow().data()).as("the bound Mac's 43 carries 8")
                .contains(8, 4, 0x81, 0, 0, 1);
    }

    /** As a relay forwards it: hops counted, giaddr set; the Mac has been trying for a few seconds. */
    private static DhcpPacket relayed(DhcpPacket inform) {
        return inform.toBuilder().hops(1).secs(4).giaddr(Ipv4.parse("10.0.9.1")).build();
    }
}
