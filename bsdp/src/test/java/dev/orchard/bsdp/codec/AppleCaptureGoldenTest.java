package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our ACK[LIST] against a real one sent by Apple's server (OS X 10.11 NetBoot service), byte for byte.
 *
 * <p>The capture is not in this repository: it was published without a license (docs/bsdp.md, "The Apple
 * capture"), so it is read from the file named by {@value #VARIABLE} (system property or environment
 * variable: the 349-byte UDP payload, binary) and the test is skipped without it. Nothing of its content
 * is written here: every input is taken from the file at run time.
 *
 * <p>The test takes from Apple's reply only what a server is given — the request fields it echoes (xid,
 * ciaddr, giaddr, chaddr, flags, htype, hlen), its own address (54), its priority (4), the default image
 * (7), the binding if any (8) and the image list (9) — builds an INFORM[LIST] from those fields as our
 * simulated Mac does, lets the server's own builder answer it ({@link BsdpAcks#list}, called with the same
 * arguments as {@code BsdpResponder} passes, priority fixed as with {@code --priority}), encodes it as
 * the server's datagram encoder does ({@link DhcpPacketCodec#encode}) and compares every byte: header
 * layout, what is left zero, option and sub-option order, list layout, end option and padding.
 */
class AppleCaptureGoldenTest {

    static final String VARIABLE = "ORCHARD_APPLE_CAPTURE";
    static final String SKIPPED = "set " + VARIABLE + " to the ACK[LIST] payload from github.com/CLCMacTeam/sdt"
            + " sdt.py testOne() — not in this repository because its source has no license; see docs/bsdp.md";

    @Test
    void ourAckListForApplesInputsIsApplesAckListByteForByte() throws IOException {
        byte[] apple = capture();
        DhcpPacket theirs = DhcpPacketCodec.decode(apple);
        BsdpOptions offer = BsdpOptionsCodec.decode(theirs.allOptions(DhcpOption.VENDOR_SPECIFIC));

        DhcpPacket request = informListEchoedBy(theirs);
        int max = ReplySizeLimit.maxDhcpPayload(request,
                BsdpOptionsCodec.decode(request.allOptions(DhcpOption.VENDOR_SPECIFIC)));
        Inet4Address serverId = Ipv4.of(theirs.option(DhcpOption.SERVER_IDENTIFIER).orElseThrow().data(), 0);
        BsdpAcks.ListAck ack = BsdpAcks.list(request, serverId, offer.serverPriority().getAsInt(),
                offer.defaultImage().orElseThrow(), offer.selectedImage(), offer.imageList(), max);
        byte[] ours = DhcpPacketCodec.encode(ack.packet());

        assertThat(ack.layout().truncated()).as("our reply carries the whole list").isFalse();
        assertThat(WireDiff.describe(apple, ours, "apple", "ours"))
                .as("our ACK[LIST] for the inputs of Apple's ACK[LIST] differs from it").isEmpty();
        assertThat(ours).isEqualTo(apple);
    }

    /** The facts AppleAckListLayoutTest checks on our replies in every build hold on Apple's real one. */
    @Test
    void applesAckListHasEveryLayoutFactOurBuildChecks() throws IOException {
        assertThat(AppleAckListFacts.violations(capture())).isEmpty();
    }

    /**
     * The INFORM[LIST] Apple's server answered, as far as its reply shows it: the echoed header fields,
     * everything else as an INFORM has it (yiaddr, siaddr, sname, file zero; hops, secs 0) and the options
     * of our simulated Mac. Apple's reply echoes no request option, so these do not reach the bytes compared.
     */
    private static DhcpPacket informListEchoedBy(DhcpPacket reply) {
        MacAddress mac = reply.ethernetAddress().orElseThrow(() -> new AssertionError(
                "the capture's client is not Ethernet (htype " + reply.htype() + ", hlen " + reply.hlen() + ")"));
        BsdpInforms.ClientIdentity client = new BsdpInforms.ClientIdentity(mac, reply.ciaddr(), "i386", "iMac14,3");
        return BsdpInforms.list(reply.xid(), client, OptionalInt.empty(), List.of()).toBuilder()
                .htype(reply.htype()).hlen(reply.hlen()).chaddr(reply.chaddr()).flags(reply.flags())
                .giaddr(reply.giaddr()).build();
    }

    /** The capture's bytes, checked to be an ACK[LIST]; the test is skipped when none is configured. */
    private static byte[] capture() throws IOException {
        String location = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        assumeTrue(location != null && !location.isBlank(), SKIPPED);
        Path file = Path.of(location);
        assertThat(file).as(VARIABLE + " names a readable file").isRegularFile().isReadable();
        byte[] bytes = Files.readAllBytes(file);
        DhcpPacket p = DhcpPacketCodec.decode(bytes);
        assertThat(p.op()).as("the capture is a BOOTREPLY").isEqualTo(DhcpPacket.BOOTREPLY);
        assertThat(p.messageType()).as("the capture is a DHCPACK").hasValue(DhcpMessageType.ACK.code());
        assertThat(BsdpOptionsCodec.decode(p.allOptions(DhcpOption.VENDOR_SPECIFIC)).bsdpMessageType())
                .as("the capture is a BSDP ACK[LIST]").contains(BsdpMessageType.LIST);
        return bytes;
    }
}
