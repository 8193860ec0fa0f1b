package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.BsdpOptions;
import dev.orchard.bsdp.codec.BsdpOptionsCodec;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A server's answer to INFORM[SELECT]: ACK[SELECT] (boot this) or ACK[FAILED] (wait 10 s, start over).
 *
 * @param failed      true for ACK[FAILED]
 * @param bsdp        its BSDP sub-options (8 = the image, 130 = the machine name)
 * @param tftpServer  siaddr: where the booter is fetched
 * @param bootFile    the {@code file} field: the booter's TFTP path
 * @param rootPath    option 17: the root image URL or NFS path
 * @param packet      the whole reply
 */
public record SelectAck(boolean failed, BsdpOptions bsdp, Inet4Address tftpServer, String bootFile,
                        Optional<String> rootPath, DhcpPacket packet) {

    public static SelectAck of(DhcpPacket ack) {
        BsdpOptions bsdp = BsdpOptionsCodec.decode(ack.allOptions(DhcpOption.VENDOR_SPECIFIC));
        boolean failed = bsdp.bsdpMessageType().map(t -> t == BsdpMessageType.FAILED).orElse(true);
        Optional<String> root = ack.option(DhcpOption.ROOT_PATH).map(o -> new String(o.data(), StandardCharsets.UTF_8));
        return new SelectAck(failed, bsdp, ack.siaddr(), ack.file(), root, ack);
    }
}
