package dev.orchard.ops.cli;

import dev.orchard.testkit.Hashes;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TftpCommandTest {

    @TempDir
    Path root;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OrchardCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheRootWithAppleAndRelativeNames() throws Exception {
        Files.createDirectories(root.resolve("X.nbi/i386"));
        Hashes.randomFile(root.resolve("X.nbi/i386/booter"), 123_456, 1);
        Run r = run("tftp", "--root", root.toString(), "--address", "127.0.0.1", "--port", "0", "--max-windowsize", "8",
                "--threads", "3");
        assertThat(r.code()).as(r.err()).isEqualTo(ServiceExit.KEEP_RUNNING);
        Matcher m = Pattern.compile("on /127\\.0\\.0\\.1:(\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)));
        try (TftpClient client = new TftpClient()) {
            for (String name : new String[] {"X.nbi/i386/booter",
                    "/private/tftpboot/NetBoot/NetBootSP0/X.nbi/i386/booter"}) {
                TransferSink.DigestSink sink = TransferSink.digest();
                var result = client.fetchAndWait(FetchRequest.of(server, name, sink).withBlockSize(1468)
                        .withWindowSize(16).withTransferSize(true), 30, TimeUnit.SECONDS);
                assertThat(result.windowSize()).as("capped by --max-windowsize").isEqualTo(8);
                assertThat(sink.sha256()).isEqualTo(Hashes.sha256(root.resolve("X.nbi/i386/booter")));
            }
        }
        // the server stays up until the test JVM ends; its shutdown hook closes it
    }

    @Test
    void aPortInUseIsExplained() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Run r = run("tftp", "--root", root.toString(), "--address", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(r.err()).contains("already in use").contains("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void badSettingsAreUsageErrorsThatSayWhatIsValid() {
        Run blk = run("tftp", "--root", root.toString(), "--port", "0", "--max-blksize", "7");
        assertThat(blk.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(blk.err()).contains("8..65464");
        Run missing = run("tftp", "--root", root.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(missing.err()).contains("not a folder");
        Run prefix = run("tftp", "--root", root.toString(), "--port", "0", "--prefix", "relative");
        assertThat(prefix.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(prefix.err()).contains("absolute");
        Run rollover = run("tftp", "--root", root.toString(), "--port", "0", "--rollover", "2");
        assertThat(rollover.err()).contains("0 or 1");
        Run threads = run("tftp", "--root", root.toString(), "--port", "0", "--threads", "0");
        assertThat(threads.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(threads.err()).contains("1..64");
    }

    @Test
    void helpListsTheAdminOptions() {
        Run r = run("tftp", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--root", "--max-blksize", "--max-windowsize", "--prefix",
                "--max-transfers-per-client", "--threads", "--no-udp-gso");
    }
}
