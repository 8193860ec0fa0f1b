package dev.orchard.bsdp.netns;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.DhcpMessageType;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A simulated Mac in a network namespace, run as a child JVM. Modes (results as {@code KEY value} lines):
 * <ul>
 *   <li>{@code wire <ciaddr> <mac> <model>}: broadcasts INFORM[LIST] from a socket bound to ciaddr:68 (so only
 *       a unicast reply to ciaddr can arrive), then ordinary DISCOVER / REQUEST / INFORM, which must stay unanswered;
 *   <li>{@code boot <ciaddr> <mac> <model>}: the whole boot with {@link BsdpClient} bound to 0.0.0.0:68,
 *       broadcasting to 255.255.255.255:67;
 *   <li>{@code relay-send <relay ip> <giaddr> <server ip> <ciaddr> <mac>}: what a DHCP relay forwards (unicast from
 *       relay:67, giaddr set);
 *   <li>{@code listen <ciaddr> <seconds>}: waits on ciaddr:68 for one reply.
 * </ul>
 */
public final class NetnsProbeMain {

    private static final InetSocketAddress BROADCAST = new InetSocketAddress("255.255.255.255", 67);

    private NetnsProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "wire" -> wire(Ipv4.parse(args[1]), MacAddress.parse(args[2]), args[3]);
            case "boot" -> boot(Ipv4.parse(args[1]), MacAddress.parse(args[2]), args[3]);
            case "relay-send" -> relaySend(Ipv4.parse(args[1]), Ipv4.parse(args[2]), Ipv4.parse(args[3]),
                    Ipv4.parse(args[4]), MacAddress.parse(args[5]));
            case "listen" -> listen(Ipv4.parse(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void wire(Inet4Address ciaddr, MacAddress mac, String model) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ciaddr, 68))) {
            s.setBroadcast(true);
            BsdpInforms.ClientIdentity id = new BsdpInforms.ClientIdentity(mac, ciaddr, "i386", model);
            Optional<Received> list = exchange(s, BsdpInforms.list(0x1001, id, OptionalInt.empty(), List.of()), 5000);
            list.ifPresentOrElse(r -> {
                ListOffer offer = ListOffer.of(r.packet);
                System.out.println("LIST_FROM " + r.sender.getAddress().getHostAddress() + ":" + r.sender.getPort());
                System.out.println("LIST_SERVER_ID " + offer.server().getHostAddress());
                System.out.println("LIST_DEFAULT " + offer.defaultImage().orElseThrow());
            }, () -> System.out.println("LIST_NONE"));
            DhcpPacket discover = DhcpPacket.builder().xid(0x2001).mac(mac).flags(DhcpPacket.FLAG_BROADCAST)
                    .option(DhcpOption.of(53, DhcpMessageType.DISCOVER.code())).option(DhcpOption.of(55, 1, 3, 6, 15)).build();
            DhcpPacket request = DhcpPacket.builder().xid(0x2002).mac(mac)
                    .option(DhcpOption.of(53, DhcpMessageType.REQUEST.code()))
                    .option(new DhcpOption(50, ciaddr.getAddress())).build();
            DhcpPacket inform = DhcpPacket.builder().xid(0x2003).mac(mac).ciaddr(ciaddr)
                    .option(DhcpOption.of(53, DhcpMessageType.INFORM.code())).option(DhcpOption.of(55, 1, 3, 6)).build();
            for (DhcpPacket p : List.of(discover, request, inform)) {
                String name = DhcpMessageType.of(p.messageType().getAsInt()).orElseThrow().name();
                System.out.println("PLAIN_" + name + " " + (exchange(s, p, 1500).isPresent() ? "ANSWERED" : "SILENT"));
            }
        }
    }

    private static void boot(Inet4Address ciaddr, MacAddress mac, String model) throws Exception {
        BsdpClientConfig config = new BsdpClientConfig(new InetSocketAddress("0.0.0.0", 68), BROADCAST,
                OptionalInt.empty(), Duration.ofSeconds(2), 3, Duration.ofMillis(1500));
        try (BsdpClient client = BsdpClient.open(config)) {
            SelectAck ack = client.boot(SimulatedMac.intel(mac, ciaddr, model)).get(30, TimeUnit.SECONDS);
            System.out.println("BOOT_FAILED " + ack.failed());
            System.out.println("BOOT_FILE " + ack.bootFile());
            System.out.println("BOOT_SIADDR " + ack.tftpServer().getHostAddress());
            System.out.println("BOOT_ROOT " + ack.rootPath().orElse("-"));
            System.out.println("BOOT_NAME " + ack.bsdp().machineName().orElse("-"));
        }
    }

    private static void relaySend(Inet4Address relay, Inet4Address giaddr, Inet4Address server, Inet4Address ciaddr,
                                  MacAddress mac) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(relay, 67))) {
            DhcpPacket list = BsdpInforms.list(0x3001, new BsdpInforms.ClientIdentity(mac, ciaddr, "i386", "iMac18,1"),
                    OptionalInt.empty(), List.of()).toBuilder().giaddr(giaddr).hops(1).build();
            byte[] b = DhcpPacketCodec.encode(list);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(server, 67)));
            System.out.println("RELAYED");
        }
    }

    private static void listen(Inet4Address ciaddr, int seconds) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ciaddr, 68))) {
            System.out.println("LISTENING");
            System.out.flush();
            Optional<Received> r = receive(s, seconds * 1000);
            r.ifPresentOrElse(x -> {
                ListOffer offer = ListOffer.of(x.packet);
                System.out.println("REPLY_FROM " + x.sender.getAddress().getHostAddress() + ":" + x.sender.getPort());
                System.out.println("REPLY_SERVER_ID " + offer.server().getHostAddress());
                System.out.println("REPLY_GIADDR " + x.packet.giaddr().getHostAddress());
            }, () -> System.out.println("REPLY_NONE"));
        }
    }

    private record Received(DhcpPacket packet, InetSocketAddress sender) {
    }

    private static Optional<Received> exchange(DatagramSocket s, DhcpPacket p, int waitMillis) throws IOException {
        byte[] b = DhcpPacketCodec.encode(p);
        s.send(new DatagramPacket(b, b.length, BROADCAST));
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<Received> r = receive(s, (int) Math.max(1, deadline - System.currentTimeMillis()));
            if (r.isPresent() && r.get().packet.xid() == p.xid() && r.get().packet.op() == DhcpPacket.BOOTREPLY) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static Optional<Received> receive(DatagramSocket s, int waitMillis) throws IOException {
        byte[] buf = new byte[9000];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        s.setSoTimeout(waitMillis);
        try {
            s.receive(in);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(new Received(DhcpPacketCodec.decode(Arrays.copyOf(buf, in.getLength())),
                (InetSocketAddress) in.getSocketAddress()));
    }
}
