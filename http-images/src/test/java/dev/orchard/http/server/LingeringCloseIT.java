package dev.orchard.http.server;

import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.testkit.FailingLeakDetector;
import dev.orchard.testkit.LeakFlush;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lingering close (RFC 9112 §9.6): a client that keeps sending after its request was refused still reads
 * the whole refusal, never a reset, and the server closes at the client's end of stream, after the quiet
 * time, or at the caps, however the client trickles or floods. Each test runs its own server so its linger
 * clocks are its own.
 */
class LingeringCloseIT {

    static final String MAC = "00:1b:63:84:45:e6";
    /** An API body over the 64 KiB cap: refused with 413 from its head, the body is never read. */
    static final String TOO_LARGE = "POST /api/v1/machines/" + MAC + "/events HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n";

    @TempDir
    Path base;
    final RecordingHttpMetrics metrics = new RecordingHttpMetrics();

    private HttpImageServer start(ServerLimits.Linger linger) throws Exception {
        Files.createDirectories(base.resolve("images"));
        return HttpImageServer.start(ServerFixture.config(base)
                        .withLimits(ServerLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(60)).withLinger(linger)),
                HttpPorts.standalone().withMetrics(metrics));
    }

    /** Long clocks and a large byte cap: only the client's end of stream closes the connection. */
    static final ServerLimits.Linger PATIENT = new ServerLimits.Linger(Duration.ofSeconds(30), Duration.ofSeconds(60),
            1L << 30);

    @Test
    void aClientStillSendingABodyReadsTheWholeRefusalAndTheServerClosesAtItsEndOfStream() throws Exception {
        int leaksBefore = FailingLeakDetector.reports().size();
        try (HttpImageServer server = start(PATIENT); Socket s = connect(server)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            s.getOutputStream().write(TOO_LARGE.getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<IOException> writer = keepSending(s, stop, sent, 16 * 1024, 0);
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false); // a reset here fails the test
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(r.text()).startsWith("{").endsWith("}").contains("\"status\":413")
                    .contains("larger than 65536 bytes");
            assertThat(r.body()).hasSize(Integer.parseInt(r.header("content-length")));
            assertThat(s.getInputStream().read()).as("the server half-closed after its answer").isEqualTo(-1);
            long before = sent.get();
            awaitSent(sent, before + 256 * 1024);
            assertThat(server.openConnections()).as("a lingering connection still counts").isEqualTo(1);
            stop.set(true);
            assertThat(writer.get(15, TimeUnit.SECONDS)).as("the server kept reading: no write failed").isNull();
            long eof = System.nanoTime();
            s.shutdownOutput();
            double closedAfter = awaitClosed(server, eof);
            assertThat(closedAfter).as("closed at the client's end of stream, not at the 30 s quiet time")
                    .isLessThan(10);
            assertThat(metrics.rejected(RejectReason.BODY_TOO_LARGE)).isEqualTo(1);
            assertThat(metrics.rejected(RejectReason.IDLE_TIMEOUT)).isZero();
            assertThat(metrics.active.get()).isZero();
        }
        LeakFlush.flush();
        assertThat(FailingLeakDetector.reports()).as("no buffer leaked").hasSize(leaksBefore);
    }

    @Test
    void anOversizedHeaderStillBeingSentGetsTheWhole431() throws Exception {
        try (HttpImageServer server = start(PATIENT); Socket s = connect(server)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            s.getOutputStream().write("GET /images/a.img HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<IOException> writer = keepSending(s, stop, sent, 8 * 1024, 0); // header lines
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.text()).isEqualTo("431 Request Header Fields Too Large\n");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            stop.set(true);
            assertThat(writer.get(15, TimeUnit.SECONDS)).isNull();
            long eof = System.nanoTime();
            s.shutdownOutput();
            assertThat(awaitClosed(server, eof)).isLessThan(10);
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheQuietTime() throws Exception {
        try (HttpImageServer server = start(new ServerLimits.Linger(Duration.ofSeconds(1), Duration.ofSeconds(30),
                1 << 20)); Socket s = connect(server)) {
            long t0 = System.nanoTime();
            s.getOutputStream().write((TOO_LARGE + "{\"seq\":1").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(413);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            // we neither send nor close: only the quiet time ends the connection
            double closedAfter = awaitClosed(server, t0);
            assertThat(closedAfter).as("seconds to close").isBetween(0.9, 10.0);
        }
    }

    @Test
    void aTricklingClientIsCutAtTheTotalTime() throws Exception {
        try (HttpImageServer server = start(new ServerLimits.Linger(Duration.ofSeconds(1), Duration.ofSeconds(3),
                1 << 20)); Socket s = connect(server)) {
            AtomicBoolean stop = new AtomicBoolean();
            long t0 = System.nanoTime();
            s.getOutputStream().write(TOO_LARGE.getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<IOException> writer = keepSending(s, stop, new AtomicLong(), 1, 200);
            assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(413);
            double closedAfter = awaitClosed(server, t0);
            stop.set(true);
            // one byte every 200 ms never lets the 1 s quiet time pass: only the 3 s total cuts it
            assertThat(closedAfter).as("seconds to close").isBetween(2.9, 13.0);
            writer.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFloodingClientIsCutAtTheByteCap() throws Exception {
        try (HttpImageServer server = start(new ServerLimits.Linger(Duration.ofSeconds(30), Duration.ofSeconds(60),
                256 * 1024)); Socket s = connect(server)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            long t0 = System.nanoTime();
            s.getOutputStream().write(TOO_LARGE.getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<IOException> writer = keepSending(s, stop, sent, 64 * 1024, 0);
            assertThat(RawHttp.read(s.getInputStream(), false).status()).isEqualTo(413);
            assertThat(awaitClosed(server, t0)).as("closed long before the 30 s quiet time").isLessThan(15);
            assertThat(writer.get(15, TimeUnit.SECONDS)).as("the flood ran into the close").isNotNull();
            assertThat(sent.get()).isGreaterThan(256 * 1024);
        }
    }

    private static Socket connect(HttpImageServer server) throws IOException {
        Socket s = new Socket();
        s.connect(server.address(), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Writes {@code chunk}-byte header-like lines until stopped or a write fails (the failure is returned). */
    private static CompletableFuture<IOException> keepSending(Socket s, AtomicBoolean stop, AtomicLong sent,
                                                             int chunk, long pauseMillis) {
        byte[] line = new byte[chunk];
        Arrays.fill(line, (byte) 'a');
        if (chunk >= 8) {
            System.arraycopy("X-Pad: ".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 7);
            line[chunk - 2] = '\r';
            line[chunk - 1] = '\n';
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                OutputStream out = s.getOutputStream();
                while (!stop.get()) {
                    out.write(line);
                    out.flush();
                    sent.addAndGet(line.length);
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
                return null;
            } catch (IOException e) {
                return e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, runnable -> new Thread(runnable, "lingering-close-writer").start());
    }

    private static void awaitSent(AtomicLong sent, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sent.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sent.get()).as("bytes sent after the answer").isGreaterThanOrEqualTo(atLeast);
    }

    /** Seconds from {@code sinceNanos} until the server counts no connection (at most 20 s). */
    private static double awaitClosed(HttpImageServer server, long sinceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.openConnections()).as("connections open").isZero();
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
