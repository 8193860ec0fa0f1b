package dev.orchard.ops.cli;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code orchard bsdp} through {@link OrchardCli#run}: starts, answers, and refuses bad configuration clearly. */
class BsdpCommandTest {

    @TempDir
    Path nbi;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OrchardCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesTheFolderAndAMacBoots() throws Exception {
        NbiFolders.bundle(nbi, "Lab", 3);
        InetSocketAddress server = start("--tftp-prefix", "/private/tftpboot/NetBoot/NetBootSP0",
                "--http-base", "http://127.0.0.1:8080/nbi", "--priority", "40000");
        assertThat(out()).contains("NBI catalog: 1 image(s)", "0x81000003  Lab.nbi  \"Lab\"  HTTP");
        try (BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0), server))) {
            SelectAck ack = client.boot(SimulatedMac.intel(MacAddress.parse("00:1e:c2:00:00:01"), Ipv4.parse("127.0.0.1"),
                    "iMac18,1")).get(10, TimeUnit.SECONDS);
            assertThat(ack.failed()).isFalse();
            assertThat(ack.bootFile()).isEqualTo("/private/tftpboot/NetBoot/NetBootSP0/Lab.nbi/i386/booter");
            assertThat(ack.rootPath()).contains("http://127.0.0.1:8080/nbi/Lab.nbi/NetInstall.dmg");
        }
        // the server stays up for the rest of this test JVM; its shutdown hook closes it
    }

    @Test
    void interfaceRestrictsWhoIsAnswered() throws Exception {
        NbiFolders.bundle(nbi, "Lab", 3);
        // served on lo: a Mac at 127.0.0.1 (routed through lo) boots
        InetSocketAddress onLo = start("--interface", "lo");
        SimulatedMac mac = SimulatedMac.intel(MacAddress.parse("00:1e:c2:00:00:02"), Ipv4.parse("127.0.0.1"), "iMac18,1");
        try (BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0), onLo))) {
            assertThat(client.boot(mac).get(10, TimeUnit.SECONDS).failed()).isFalse();
        }
        // served only on interfaces this host does not have (yet): a warning, the server runs, the Mac gets silence
        InetSocketAddress elsewhere = start("--interface", "orch-none0", "--interface", "orch-none1");
        try (BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0), elsewhere)
                .withTimeout(Duration.ofMillis(300), 2))) {
            assertThatThrownBy(() -> client.list(mac).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        assertThat(run("bsdp", "--nbi", nbi.toString(), "--interface", "eth 0")).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("'eth 0' is not a network interface name");
    }

    /** Starts {@code orchard bsdp} on 127.0.0.1, an ephemeral port, with {@code extra} options; returns its address. */
    private InetSocketAddress start(String... extra) {
        out.reset();
        List<String> args = new ArrayList<>(List.of("bsdp", "--nbi", nbi.toString(), "--address", "127.0.0.1", "--port",
                "0", "--allow-high-reply-ports", "--rescan-seconds", "0"));
        args.addAll(List.of(extra));
        assertThat(run(args.toArray(String[]::new))).as(err()).isEqualTo(ServiceExit.KEEP_RUNNING);
        Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)").matcher(out());
        assertThat(m.find()).as(out()).isTrue();
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
    }

    @Test
    void aHostNameInTheHttpBaseIsRefused() {
        int code = run("bsdp", "--nbi", nbi.toString(), "--http-base", "http://images.lab/nbi");
        assertThat(code).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("must name the server by its IPv4 address (the Mac's firmware does no DNS lookup)");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(run("bsdp", "--nbi", nbi.resolve("missing").toString())).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("is not a folder");
        assertThat(run("bsdp", "--nbi", nbi.toString(), "--advertise", "server.lab")).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("'server.lab' is not a dotted IPv4 address");
        assertThat(run("bsdp", "--nbi", nbi.toString(), "--priority", "70000")).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("priority must be 0..65535");
        assertThat(run("bsdp", "--nbi", nbi.toString(), "--machine-name-format", "lab-%s-%s")).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("must take one integer");
        assertThat(run("bsdp")).isEqualTo(ServiceExit.USAGE);
        assertThat(err()).contains("Missing required option: '--nbi=DIR'");
    }

    @Test
    void aPortInUseIsExplained() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int code = run("bsdp", "--nbi", nbi.toString(), "--address", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--rescan-seconds", "0");
            assertThat(code).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(err()).contains("orchard bsdp cannot listen on 127.0.0.1:" + taken.getLocalPort(),
                    "already in use");
        }
    }
}
