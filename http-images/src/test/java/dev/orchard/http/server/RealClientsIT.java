package dev.orchard.http.server;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** curl, wget and aria2c against the server: every download byte-identical by sha256. */
class RealClientsIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long SIZE = 40L * 1024 * 1024 + 12345;

    @TempDir
    static Path base;
    static HttpImageServer server;
    static Path image;
    static String sha;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        image = Hashes.randomFile(base.resolve("images/lab.img"), SIZE, 7);
        sha = Hashes.sha256(image);
        server = ServerFixture.start(base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url() {
        return ServerFixture.url(server, "/images/lab.img");
    }

    @Test
    void curlFullAndRangedDownloads(@TempDir Path out) throws Exception {
        Path curl = Peers.require("curl");
        Path full = out.resolve("full");
        Proc.check(LIMIT, curl.toString(), "-sf", "-o", full.toString(), url());
        assertThat(Hashes.sha256(full)).isEqualTo(sha);

        Path part = out.resolve("part");
        Proc.check(LIMIT, curl.toString(), "-sf", "-r", "1000-2023", "-o", part.toString(), url());
        assertThat(Files.readAllBytes(part)).isEqualTo(slice(1000, 1024));

        Path tail = out.resolve("tail");
        Proc.check(LIMIT, curl.toString(), "-sf", "-r", "-500", "-o", tail.toString(), url());
        assertThat(Files.readAllBytes(tail)).isEqualTo(slice(SIZE - 500, 500));
    }

    @Test
    void curlIfRangeWithTheStrongEtag(@TempDir Path out) throws Exception {
        Path curl = Peers.require("curl");
        String etag = header(curl, "etag");
        Path hit = out.resolve("hit");
        Proc.Result r = Proc.check(LIMIT, curl.toString(), "-s", "-o", hit.toString(), "-w", "%{http_code}",
                "-H", "If-Range: " + etag, "-r", "10-", url());
        assertThat(r.stdout()).isEqualTo("206");
        assertThat(Files.size(hit)).isEqualTo(SIZE - 10);
        Path miss = out.resolve("miss");
        r = Proc.check(LIMIT, curl.toString(), "-s", "-o", miss.toString(), "-w", "%{http_code}",
                "-H", "If-Range: \"stale\"", "-r", "10-", url());
        assertThat(r.stdout()).isEqualTo("200");
        assertThat(Hashes.sha256(miss)).isEqualTo(sha);
    }

    @Test
    void curlResumesAPartialDownload(@TempDir Path out) throws Exception {
        Path curl = Peers.require("curl");
        Path partial = partialCopy(out.resolve("resume"), 15L * 1024 * 1024 + 3);
        Proc.check(LIMIT, curl.toString(), "-sf", "-C", "-", "-o", partial.toString(), url());
        assertThat(Hashes.sha256(partial)).isEqualTo(sha);
    }

    @Test
    void wgetContinuesAPartialDownload(@TempDir Path out) throws Exception {
        Path wget = Peers.require("wget");
        Path partial = partialCopy(out.resolve("wget.img"), 22L * 1024 * 1024 + 1);
        Proc.check(LIMIT, wget.toString(), "-q", "-c", "-O", partial.toString(), url());
        assertThat(Hashes.sha256(partial)).isEqualTo(sha);
    }

    @Test
    void aria2cSplitDownloadOverFourConnections(@TempDir Path out) throws Exception {
        Path aria = Peers.require("aria2c");
        Proc.check(LIMIT, aria.toString(), "-q", "-x4", "-s4", "-k1M", "--file-allocation=none",
                "-d", out.toString(), "-o", "aria.img", url());
        assertThat(Hashes.sha256(out.resolve("aria.img"))).isEqualTo(sha);
    }

    @Test
    void curlMultipartByteranges(@TempDir Path out) throws Exception {
        Path curl = Peers.require("curl");
        Proc.Result r = Proc.check(LIMIT, curl.toString(), "-s", "-D", "-", "-o", out.resolve("mp").toString(),
                "-r", "0-9,100-109", url());
        assertThat(r.stdout()).contains("206").contains("multipart/byteranges; boundary=");
        String body = Files.readString(out.resolve("mp"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body).contains("Content-Range: bytes 0-9/" + SIZE).contains("Content-Range: bytes 100-109/" + SIZE);
        assertThat(body).contains(new String(slice(100, 10), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void manifestDescribesTheServedBytes() throws Exception {
        Path curl = Peers.require("curl");
        Proc.Result r = Proc.check(LIMIT, curl.toString(), "-sf", ServerFixture.url(server, "/images/lab.img/manifest"));
        var m = dev.orchard.http.manifest.ManifestJson.fromBytes(r.stdout().getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(m.sha256()).isEqualTo(sha);
        assertThat(m.size()).isEqualTo(SIZE);
        assertThat(m.name()).isEqualTo("lab.img");
        assertThat(m.etag()).isEqualTo(header(curl, "etag"));
        assertThat(m.chunks()).hasSize(11);
        assertThat(base.resolve("images/lab.img.manifest.json")).exists();
    }

    private static String header(Path curl, String name) {
        Proc.Result r = Proc.check(LIMIT, curl.toString(), "-sfI", url());
        return Arrays.stream(r.stdout().split("\r\n"))
                .filter(l -> l.toLowerCase().startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElseThrow();
    }

    private static Path partialCopy(Path target, long length) throws Exception {
        try (RandomAccessFile src = new RandomAccessFile(image.toFile(), "r");
             var dst = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 20];
            long left = length;
            while (left > 0) {
                int n = src.read(buf, 0, (int) Math.min(buf.length, left));
                dst.write(buf, 0, n);
                left -= n;
            }
        }
        return target;
    }

    static byte[] slice(long offset, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }
}
