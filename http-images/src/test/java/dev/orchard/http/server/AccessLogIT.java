package dev.orchard.http.server;

import dev.orchard.http.spi.AccessLogEntry;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log handler against real requests on 127.0.0.1: a keep-alive sequence (a Range request, a 404 with
 * a secret in its query, a HEAD) gives exactly one entry each, in order, with the bytes really sent; curl's
 * download is logged with curl's User-Agent; a client that goes away in the middle of a large download is
 * logged once, as aborted, with fewer bytes than the file. Runs with Netty's paranoid leak detector.
 */
class AccessLogIT {

    private static final int SIZE = 1 << 20;

    @TempDir
    Path base;
    private final LinkedBlockingQueue<AccessLogEntry> entries = new LinkedBlockingQueue<>();
    private HttpImageServer server;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        Files.createDirectories(base.resolve("nbi"));
        Files.createDirectories(base.resolve("payloads"));
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        Files.write(base.resolve("images/a.img"), data);
        server = HttpImageServer.start(ServerFixture.config(base), HttpPorts.standalone(), entries::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<AccessLogEntry> take(int n) throws InterruptedException {
        List<AccessLogEntry> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AccessLogEntry e = entries.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("entry %d of %d", i + 1, n).isNotNull();
            got.add(e);
        }
        assertThat(entries.poll(300, TimeUnit.MILLISECONDS)).as("no entry beyond the requests").isNull();
        return got;
    }

    @Test
    void aKeepAliveSequenceGivesOneExactEntryPerRequest() throws Exception {
        int localPort;
        RawHttp.Response notFound;
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            localPort = s.getLocalPort();
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET /images/a.img HTTP/1.1\r\nHost: t\r\nRange: bytes=100-1099\r\n"
                    + "User-Agent: orchard-test/1\r\nReferer: http://lab/\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(in, false).status()).isEqualTo(206);
            out.write(("GET /missing/file?token=s3cret-value&mac=00:1b:63:84:45:e6 HTTP/1.1\r\nHost: t\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            notFound = RawHttp.read(in, false);
            assertThat(notFound.status()).isEqualTo(404);
            out.write("HEAD /images/a.img HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(in, true).status()).isEqualTo(200);
        }
        List<AccessLogEntry> got = take(3);
        AccessLogEntry range = got.get(0);
        assertThat(range.method()).isEqualTo("GET");
        assertThat(range.path()).isEqualTo("/images/a.img");
        assertThat(range.protocol()).isEqualTo("HTTP/1.1");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.bytes()).isEqualTo(1000);
        assertThat(range.route()).isEqualTo(RouteClass.IMAGE);
        assertThat(range.userAgent()).isEqualTo("orchard-test/1");
        assertThat(range.referer()).isEqualTo("http://lab/");
        assertThat(range.aborted()).isFalse();

        AccessLogEntry missing = got.get(1);
        assertThat(missing.path()).as("the token's value is not logged, the MAC is")
                .isEqualTo("/missing/file?token=REDACTED&mac=00:1b:63:84:45:e6");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bytes()).isEqualTo(notFound.body().length).isPositive();
        assertThat(missing.route()).isEqualTo(RouteClass.OTHER);
        assertThat(missing.userAgent()).isNull();

        AccessLogEntry head = got.get(2);
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.bytes()).isZero();
        assertThat(got).allSatisfy(e -> {
            assertThat(e.remote()).as("one connection").isEqualTo("127.0.0.1:" + localPort);
            assertThat(e.nanos()).isPositive();
            assertThat(e.aborted()).isFalse();
        });
        assertThat(got.get(1).start()).isAfterOrEqualTo(got.get(0).start());
    }

    @Test
    void curlsDownloadIsLoggedWithItsUserAgentAndEveryByte() throws Exception {
        Path curl = Peers.require("curl");
        Proc.check(Duration.ofSeconds(30), curl.toString(), "-sf", "-o", base.resolve("out").toString(),
                ServerFixture.url(server, "/images/a.img"));
        AccessLogEntry e = take(1).get(0);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytes()).isEqualTo(SIZE);
        assertThat(e.userAgent()).startsWith("curl/");
        assertThat(e.aborted()).isFalse();
    }

    @Test
    void aClientThatLeavesInTheMiddleIsLoggedOnceAsAborted() throws Exception {
        long big = 256L << 20; // sparse: costs no disk
        try (RandomAccessFile f = new RandomAccessFile(base.resolve("images/big.img").toFile(), "rw")) {
            f.setLength(big);
        }
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(server.address(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /images/big.img HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // more than two send chunks (ServerLimits: 2 MiB each, one in flight at a time): the first chunk's
            // write had completed before the second was written, so the count cannot be 0 whatever the timing
            int past = 2 * ServerLimits.DEFAULTS.sendChunkBytes() + 64 * 1024;
            byte[] some = s.getInputStream().readNBytes(past);
            assertThat(some).hasSize(past);
            s.setSoLinger(true, 0); // a reset, as a client killed in the middle of a download
        }
        AccessLogEntry e = take(1).get(0);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.aborted()).isTrue();
        assertThat(e.bytes()).isPositive().isLessThan(big);
    }
}
