package dev.orchard.http.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP list of "(b) Adversarial inputs" (tftp-http reference) that one request each can express. */
class AdversarialRequestsIT {

    private static final long SIZE = 1_000_000;

    @TempDir
    static Path base;
    static HttpImageServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images/sub"));
        Files.createDirectories(base.resolve("payloads"));
        Hashes.randomFile(base.resolve("images/a.img"), SIZE, 11);
        Files.writeString(base.resolve("secret.txt"), "outside the root");
        Files.writeString(base.resolve("images/.hidden"), "hidden");
        Files.createSymbolicLink(base.resolve("images/escape.img"), base.resolve("secret.txt"));
        Files.createSymbolicLink(base.resolve("images/dir-escape"), base);
        Files.createSymbolicLink(base.resolve("images/inside.img"), base.resolve("images/a.img"));
        Proc.check(Duration.ofSeconds(10), "mkfifo", base.resolve("images/fifo").toString());
        server = ServerFixture.start(base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RawHttp.Response get(String target, String extraHeaders) throws Exception {
        return RawHttp.exchange(server.address(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "\r\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/images/..%2f..%2fsecret.txt, 400", "/images/%2e%2e/secret.txt, 400", "/images/a.img%00, 400",
            "/images/%252e%252e/secret.txt, 404", "/images/..\\secret.txt, 400", "/images/sub\\..\\a.img, 400",
            "/images/escape.img, 404", "/images/dir-escape/secret.txt, 404", "/images/inside.img, 200",
            "/images/sub, 404", "/images/, 404", "/images/fifo, 404", "/images/.hidden, 404",
            "/images/nope.img, 404", "/nowhere, 404", "/images/a.img?x=%zz, 200", "/images//a.img, 200",
            "http://evil/images/a.img, 200",
            // absolute-form without a path is "/" (RFC 9112 §3.2.2): the lab page's redirect, docs/lab-page.md
            "HTTP://evil, 404", "*, 400", "/images/a.img/x, 404",
            "/images/sub/a.img/manifest, 404", "/images/%c2%9b.img, 400",
    })
    void pathsAreContained(String target, int status) throws Exception {
        RawHttp.Response r = get(target, "");
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).doesNotContain("outside the root");
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-0 | 206 | 1", "bytes=-0 | 416 | ", "bytes=-1 | 206 | 1", "bytes=5-1 | 416 | ",
            "bytes=1000000- | 416 | ", "bytes=0-1000100 | 206 | 1000000", "bytes=18446744073709551615- | 416 | ",
            "bytes=-99999999999999999999 | 416 | ", "items=0-1 | 200 | 1000000", "bytes= | 200 | 1000000",
            "bytes0-1 | 200 | 1000000", "'bytes = 0 - 1' | 200 | 1000000", "bytes=0-9,5-14 | 206 | 15",
            "bytes=30-39,20-29,0-9 | 200 | 1000000",
    })
    void oddRanges(String range, int status, String length) throws Exception {
        RawHttp.Response r = get("/images/a.img", "Range: " + range + "\r\n");
        assertThat(r.status()).isEqualTo(status);
        if (length != null) {
            assertThat(r.header("content-length")).isEqualTo(length);
            assertThat(r.body()).hasSize(Integer.parseInt(length));
        }
        if (status == 416) {
            assertThat(r.header("content-range")).isEqualTo("bytes */" + SIZE);
        }
    }

    @Test
    void aThousandOneByteRangesAreServedOnceAsAWhole() throws Exception {
        StringBuilder h = new StringBuilder("Range: bytes=0-0");
        for (int i = 1; i < 1000; i++) {
            h.append(',').append(i * 10).append('-').append(i * 10);
        }
        RawHttp.Response r = get("/images/a.img", h + "\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize((int) SIZE);
    }

    @Test
    void ifRangeVariants() throws Exception {
        RawHttp.Response head = RawHttp.exchange(server.address(),
                "HEAD /images/a.img HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), true);
        String etag = head.header("etag");
        assertThat(get("/images/a.img", "If-Range: W/" + etag + "\r\nRange: bytes=0-9\r\n").status()).isEqualTo(200);
        assertThat(get("/images/a.img", "If-Range: " + head.header("last-modified") + "\r\nRange: bytes=0-9\r\n")
                .status()).isEqualTo(206);
        assertThat(get("/images/a.img", "If-Range: " + etag + "\r\n").status()).as("If-Range without Range")
                .isEqualTo(200);
        assertThat(get("/images/a.img", "If-None-Match: " + etag + "\r\n").status()).isEqualTo(304);
    }

    @Test
    void headWithRangeIsTheWholeViewAndPostIsRefused() throws Exception {
        RawHttp.Response head = RawHttp.exchange(server.address(),
                "HEAD /images/a.img HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).isEqualTo(String.valueOf(SIZE));
        assertThat(head.header("accept-ranges")).isEqualTo("bytes");
        RawHttp.Response post = RawHttp.exchange(server.address(),
                "POST /images/a.img HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void overlongRequestLineAndHeadersAreRefusedAndTheServerGoesOn() throws Exception {
        RawHttp.Response uri = get("/images/" + "a".repeat(20_000), "");
        assertThat(uri.status()).isEqualTo(414);
        RawHttp.Response headers = get("/images/a.img", "X-Big: " + "b".repeat(40_000) + "\r\n");
        assertThat(headers.status()).isEqualTo(431);
        RawHttp.Response many = get("/images/a.img", "X-A: 1\r\n".repeat(5000));
        assertThat(many.status()).isEqualTo(431);
        RawHttp.Response garbage = RawHttp.exchange(server.address(), "\u0000\u0001\u0002 nonsense\r\n\r\n");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(get("/images/a.img", "").status()).isEqualTo(200);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /images/a.img HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n"
                    + "GET /images/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /images/a.img HTTP/1.1\r\nHost: x\r\nRange: bytes=-5\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            var in = s.getInputStream();
            RawHttp.Response first = RawHttp.read(in, false);
            RawHttp.Response second = RawHttp.read(in, false);
            RawHttp.Response third = RawHttp.read(in, false);
            assertThat(first.status()).isEqualTo(206);
            assertThat(first.header("content-range")).isEqualTo("bytes 0-9/" + SIZE);
            assertThat(second.status()).isEqualTo(404);
            assertThat(third.header("content-range")).isEqualTo("bytes 999995-999999/" + SIZE);
        }
    }

    @Test
    void http10ClosesAndKeepAliveStaysOpen() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /images/a.img HTTP/1.0\r\nRange: bytes=0-0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(206);
            assertThat(s.getInputStream().read()).as("HTTP/1.0 without keep-alive is closed").isEqualTo(-1);
        }
    }

    static InetSocketAddress address() {
        return server.address();
    }
}
