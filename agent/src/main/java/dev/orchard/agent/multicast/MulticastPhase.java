package dev.orchard.agent.multicast;

import dev.orchard.agent.api.ApiException;
import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.MulticastOffer;
import dev.orchard.agent.api.MulticastSpec;
import dev.orchard.agent.api.ServerApi;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeSource;
import dev.orchard.multicast.wire.ImageHash;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The multicast part of a block restore (docs/multicast.md): announce this receiver over the agent API, which
 * starts or keeps the image's stream; receive it onto the target while announcing again as the server asks;
 * stop as {@link MulticastReceiver} says. Whatever happens, the caller then runs the HTTP restore, which
 * re-verifies what was written here and fetches the rest, so a failure here is a fallback, never a failed
 * restore.
 */
public final class MulticastPhase {

    private final ServerApi api;
    private final String token;
    private final String mac;
    private final InetAddress localAddress;
    private final Duration firstDatagram;
    private final Duration stall;
    private final Consumer<String> notices;

    /**
     * @param localAddress the address this agent reaches the server from (its interface joins the group);
     *                     null: found by asking the kernel for its route to the server
     */
    public MulticastPhase(ServerApi api, String token, String mac, InetAddress localAddress, Duration firstDatagram,
                          Duration stall, Consumer<String> notices) {
        this.api = api;
        this.token = token;
        this.mac = mac;
        this.localAddress = localAddress;
        this.firstDatagram = firstDatagram;
        this.stall = stall;
        this.notices = notices;
    }

    /**
     * Joins, receives and repairs holes over HTTP ({@code imageUrl} through {@code source}); returns what is on
     * the target, or why nothing is.
     */
    public ReceiveOutcome run(MulticastSpec spec, String image, Manifest manifest, Path target, URI imageUrl,
                              RangeSource source) throws IOException, InterruptedException {
        MulticastOffer offer;
        try {
            offer = api.joinMulticast(spec.join(), token, mac, image);
        } catch (IOException e) {
            String why = e instanceof ApiException ? e.getMessage() : "POST " + spec.join() + ": " + e;
            return ReceiveOutcome.fellBack(Fallback.NOT_OFFERED, why);
        }
        if (!manifest.sha256().equalsIgnoreCase(offer.sha256()) || offer.chunkCount() != manifest.chunkCount()) {
            return ReceiveOutcome.fellBack(Fallback.NOT_OFFERED, "the server streams sha256 " + offer.sha256() + " in "
                    + offer.chunkCount() + " chunks, the manifest is " + manifest.sha256() + " in " + manifest.chunkCount());
        }
        NetworkInterface nic;
        InetAddress group;
        try {
            group = InetAddress.getByName(offer.group());
            nic = NetworkInterface.getByInetAddress(localAddress != null ? localAddress : routeTo(api.server().getHost()));
        } catch (IOException | RuntimeException e) {
            return ReceiveOutcome.fellBack(Fallback.JOIN_FAILED, "no interface for the group " + offer.group() + ": " + e);
        }
        notices.accept("joining multicast " + offer.group() + ":" + offer.port() + " on "
                + (nic == null ? "the default interface" : nic.getName()) + " for sha256 " + offer.sha256());
        MulticastReceiver receiver = new MulticastReceiver(new MulticastReceiver.Settings(group, offer.port(), nic,
                ImageHash.parse(offer.sha256()), firstDatagram, stall), manifest);
        Thread announcer = announcer(spec, image, Duration.ofMillis(Math.max(200, offer.announceEveryMillis())), receiver);
        try {
            return receiver.receive(target, new SliceRepair(manifest, new RangeOpener(source), imageUrl));
        } finally {
            announcer.interrupt();
            announcer.join(2_000);
        }
    }

    /** Reports what the receiver got; a failure to report is said, never fatal. */
    public void report(MulticastSpec spec, String image, long multicastBytes, long repairBytes, Fallback fallback) {
        try {
            api.reportMulticast(spec.report(), token, mac, image, multicastBytes, repairBytes, fallback.wireName());
        } catch (IOException e) {
            notices.accept("could not report the multicast totals: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Announces this receiver again every {@code every}, with the loss it saw since (the sender's rate adapts). */
    private Thread announcer(MulticastSpec spec, String image, Duration every, MulticastReceiver receiver) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every.toMillis());
                    LossWindow.Counts seen = receiver.takeLoss();
                    api.joinMulticast(spec.join(), token, mac, image, seen.received(), seen.missed());
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the stream keeps going until its idle stop; the next announcement may get through
                }
            }
        }, "multicast-announce");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The local address the kernel would use to reach {@code host} (a connected UDP socket sends nothing). */
    private static InetAddress routeTo(String host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(host), 9));
            return probe.getLocalAddress();
        }
    }
}
