package dev.orchard.http.server;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Files truncated or replaced by an atomic rename while they are being sent (Netty #8868). */
class FileChangesIT {

    private static final int SIZE = 64 * 1024 * 1024;

    @TempDir
    static Path base;
    static HttpImageServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        server = ServerFixture.start(base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Socket startDownload(String path) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(64 * 1024);
        s.connect(server.address(), 5000);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static long contentLength(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).strip());
            }
        }
        throw new AssertionError("no Content-Length in " + head);
    }

    private static byte[] readToEnd(InputStream in, byte[] start, long max) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(start);
        byte[] buf = new byte[1 << 16];
        try {
            int n;
            while (out.size() < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed a response it could not complete
        }
        return out.toByteArray();
    }

    @Test
    void truncatedWhileSendingEndsTheConnectionWithoutCorruptionOrHang() throws Exception {
        Path file = Hashes.randomFile(base.resolve("images/shrinks.img"), SIZE, 5);
        byte[] original = Files.readAllBytes(file);
        try (Socket s = startDownload("/images/shrinks.img")) {
            InputStream in = s.getInputStream();
            assertThat(contentLength(in)).isEqualTo(SIZE);
            byte[] first = in.readNBytes(1 << 20);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(4 << 20);
            }
            long t0 = System.nanoTime();
            byte[] got = readToEnd(in, first, SIZE);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("no hang").isLessThan(15_000);
            assertThat(got.length).as("the response is cut short, then the connection closes").isLessThan(SIZE);
            assertThat(got).as("what arrived is the file's prefix").isEqualTo(Arrays.copyOf(original, got.length));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        Thread.sleep(1200); // open descriptors are revalidated after OpenFileCache.DEFAULT_VALIDITY
        RawHttp.Response after = RawHttp.exchange(server.address(), "GET /images/shrinks.img HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(after.body()).hasSize(4 << 20);
    }

    @Test
    void replacedByAtomicRenameTheRunningResponseKeepsTheOldBytes() throws Exception {
        Path file = Hashes.randomFile(base.resolve("images/swapped.img"), SIZE, 6);
        String oldSha = Hashes.sha256(file);
        String oldTag = RawHttp.exchange(server.address(), "HEAD /images/swapped.img HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), true).header("etag");
        try (Socket s = startDownload("/images/swapped.img")) {
            InputStream in = s.getInputStream();
            assertThat(contentLength(in)).isEqualTo(SIZE);
            byte[] first = in.readNBytes(1 << 20);
            Path next = Hashes.randomFile(base.resolve("images/.swapped.tmp"), SIZE / 2, 7);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            byte[] got = readToEnd(in, first, SIZE);
            assertThat(Hashes.sha256(got)).isEqualTo(oldSha);
        }
        Thread.sleep(1200); // open descriptors are revalidated after OpenFileCache.DEFAULT_VALIDITY
        RawHttp.Response after = RawHttp.exchange(server.address(), "GET /images/swapped.img HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(Hashes.sha256(after.body())).isEqualTo(Hashes.sha256(file));
        assertThat(after.header("etag")).isNotEqualTo(oldTag);
    }
}
