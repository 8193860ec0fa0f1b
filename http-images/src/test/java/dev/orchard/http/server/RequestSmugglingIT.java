package dev.orchard.http.server;

import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.testkit.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling (RFC 9112 §6.1, §6.3, §11.2) on raw sockets: requests whose body length two parsers could
 * read differently, each carrying a second request ({@code GET /images/smuggled.txt}) where the other reading
 * would find one, followed by a legitimate pipelined request ({@code GET /images/after.txt}). A refused request
 * gets exactly one answer and the connection closes: neither the smuggled nor the pipelined request is
 * executed. An accepted one gets its answer and the pipelined one's, and the smuggled request is never
 * executed. The same bytes go to nginx 1.22 (Debian), run in the test; where the statuses differ the
 * difference is deliberate (docs/http.md): nginx answers 501 for every Transfer-Encoding other than exactly
 * {@code chunked} (a tab before it included), we follow RFC 9112 §6.3 (4) — 400 when chunked is not the final
 * coding — and answer 501 only for a coding before chunked.
 */
class RequestSmugglingIT {

    private static final String SMUGGLED = "GET /images/smuggled.txt HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String AFTER = "GET /images/after.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    private static final String EVENTS = "POST /api/v1/machines/00:1b:63:84:45:e6/events HTTP/1.1\r\nHost: x\r\n";

    @TempDir
    static Path base;
    static HttpImageServer server;
    static NginxPeer nginx;
    static final RecordingHttpMetrics METRICS = new RecordingHttpMetrics();

    /**
     * One request head (without its final blank line) and body; the statuses Orchard and nginx answer (0: not
     * sent to nginx — the API exists only here); 200 means accepted, and then the pipelined request is answered.
     */
    record Case(String name, String head, String body, int orchard, int nginx) {
        byte[] bytes() {
            return (head + "\r\n" + body + AFTER).getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String get = "GET /images/x HTTP/1.1\r\nHost: x\r\n";
        String hello = "hello";
        return List.of(
                new Case("CL.TE", get + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + SMUGGLED, 400, 400),
                new Case("TE.CL", get + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "0\r\n\r\n" + SMUGGLED, 400, 400),
                new Case("Content-Length twice, different", get + "Content-Length: 0\r\nContent-Length: " + SMUGGLED.length() + "\r\n", SMUGGLED, 400, 400),
                new Case("Content-Length twice, identical", get + "Content-Length: 5\r\nContent-Length: 5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length 5,5", get + "Content-Length: 5,5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length +5", get + "Content-Length: +5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length 0x5", get + "Content-Length: 0x5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length -1", get + "Content-Length: -1\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length 5 5", get + "Content-Length: 5 5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length of 20 digits", get + "Content-Length: 18446744073709551621\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length 2^63", get + "Content-Length: 9223372036854775808\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length empty", get + "Content-Length: \r\n", SMUGGLED, 400, 400),
                new Case("space before the colon", get + "Content-Length : 5\r\n", hello + SMUGGLED, 400, 400),
                new Case("Content-Length obs-fold", get + "Content-Length: 5\r\n 47\r\n", hello + SMUGGLED, 400, 400),
                new Case("chunked, chunked", get + "Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n" + SMUGGLED, 400, 501),
                new Case("chunked on two lines", get + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                        "0\r\n\r\n" + SMUGGLED, 400, 400),
                new Case("gzip", get + "Transfer-Encoding: gzip\r\n", SMUGGLED, 400, 501),
                new Case("gzip, chunked", get + "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n" + SMUGGLED, 501, 501),
                new Case("chunked, gzip", get + "Transfer-Encoding: chunked, gzip\r\n", "0\r\n\r\n" + SMUGGLED, 400, 501),
                new Case("xchunked", get + "Transfer-encoding: xchunked\r\n", SMUGGLED, 400, 501),
                new Case("identity", get + "Transfer-Encoding: identity\r\nContent-Length: 5\r\n", hello + SMUGGLED, 400, 501),
                new Case("chunked;q=1", get + "Transfer-Encoding: chunked;q=1\r\n", SMUGGLED, 400, 501),
                new Case("empty Transfer-Encoding", get + "Transfer-Encoding: \r\n", SMUGGLED, 400, 501),
                new Case("Transfer-Encoding in HTTP/1.0", "GET /images/x HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n",
                        "0\r\n\r\n" + SMUGGLED, 400, 400),
                new Case("Transfer-Encoding obs-fold", get + "Transfer-Encoding:\r\n chunked\r\n", "0\r\n\r\n" + SMUGGLED, 400, 400),
                new Case("Transfer-Encoding space before the colon", get + "Transfer-Encoding : chunked\r\n",
                        "0\r\n\r\n" + SMUGGLED, 400, 400),
                // accepted: one unambiguous length, the smuggled bytes are body, the pipelined request is answered
                new Case("tab before chunked", get + "Transfer-Encoding:\tchunked\r\n",
                        Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n", 200, 501),
                new Case("CHUNKED", get + "Transfer-Encoding: CHUNKED\r\n",
                        Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n", 200, 200),
                new Case("Content-Length with leading zero", get + "Content-Length: 0" + SMUGGLED.length() + "\r\n", SMUGGLED, 200, 200),
                new Case("Content-Length framing the smuggled bytes", get + "Content-Length: " + SMUGGLED.length() + "\r\n", SMUGGLED, 200, 200),
                // the API reads bodies: the same vectors on an event post
                new Case("API CL.TE", EVENTS + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + SMUGGLED, 400, 0),
                new Case("API Content-Length twice", EVENTS + "Content-Length: 2\r\nContent-Length: " + (2 + SMUGGLED.length()) + "\r\n", "{}" + SMUGGLED, 400, 0),
                new Case("API gzip, chunked", EVENTS + "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n" + SMUGGLED, 501, 0),
                new Case("API gzip", EVENTS + "Transfer-Encoding: gzip\r\n", SMUGGLED, 400, 0));
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        Files.writeString(base.resolve("images/x"), "the file\n");
        Files.writeString(base.resolve("images/smuggled.txt"), "SMUGGLED-MARKER\n");
        Files.writeString(base.resolve("images/after.txt"), "AFTER-MARKER\n");
        server = HttpImageServer.start(ServerFixture.config(base), HttpPorts.standalone().withMetrics(METRICS));
        if (Peers.find("nginx").isPresent()) {
            nginx = NginxPeer.start(base, base.resolve("nginx"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSmuggledRequestIsNeverExecuted(Case c) throws Exception {
        long refusedBefore = METRICS.rejected(RejectReason.BAD_FRAMING) + METRICS.rejected(RejectReason.MALFORMED_REQUEST);
        Exchanged answers = exchange(server.address(), c.bytes());
        assertThat(answers.raw).as("smuggled request executed").doesNotContain("SMUGGLED-MARKER");
        assertThat(answers.closed).as("the server closed the connection").isTrue();
        assertThat(answers.reset).as("closed without a reset (lingering close)").isFalse();
        if (c.orchard() == 200) {
            assertThat(answers.statuses).containsExactly(200, 200);
            assertThat(answers.bodies.get(1)).isEqualTo("AFTER-MARKER\n");
        } else {
            assertThat(answers.statuses).as("one answer, nothing after it").containsExactly(c.orchard());
            assertThat(answers.raw).doesNotContain("AFTER-MARKER");
            long refusedAfter = METRICS.rejected(RejectReason.BAD_FRAMING)
                    + METRICS.rejected(RejectReason.MALFORMED_REQUEST);
            assertThat(refusedAfter).as("counted").isGreaterThan(refusedBefore);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nginxAnswersAsDocumented(Case c) throws Exception {
        Assumptions.assumeTrue(nginx != null, "nginx is not installed (scripts/install-test-deps.sh)");
        Assumptions.assumeTrue(c.nginx() != 0, "an API request: nginx serves no API");
        Exchanged answers = exchange(nginx.address(), c.bytes());
        assertThat(answers.raw).doesNotContain("SMUGGLED-MARKER");
        assertThat(answers.statuses.get(0)).isEqualTo(c.nginx());
    }

    @Test
    void framingRefusalsAreCountedAsSuch() throws Exception {
        long before = METRICS.rejected(RejectReason.BAD_FRAMING);
        Exchanged answers = exchange(server.address(), cases().get(0).bytes());
        assertThat(answers.statuses).containsExactly(400);
        assertThat(METRICS.rejected(RejectReason.BAD_FRAMING)).isEqualTo(before + 1);
    }

    /** What came back on one connection: the statuses and bodies in order, all bytes, and whether it closed. */
    record Exchanged(List<Integer> statuses, List<String> bodies, String raw, boolean closed, boolean reset) {
    }

    static Exchanged exchange(InetSocketAddress to, byte[] request) throws IOException {
        byte[] received;
        boolean closed = true;
        boolean reset = false;
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                reset = true; // the answer may be lost with it (RFC 9112 §9.6)
            }
            received = all.toByteArray();
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(received);
        for (RawHttp.Response r; (r = RawHttp.read(in, false)).status() >= 0; ) {
            statuses.add(r.status());
            bodies.add(r.text());
        }
        return new Exchanged(statuses, bodies, new String(received, StandardCharsets.ISO_8859_1), closed,
                reset);
    }
}
