package dev.orchard.ops.wiring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchard.ops.reload.SnapshotHolder;
import dev.orchard.testkit.Hashes;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TransferSink;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload through the running server: a good change applies to the next decisions while a TFTP and an
 * HTTP download in flight finish byte-identical; a broken change is refused (logged with file:line,
 * counted as rejected) and the previous policy keeps serving; a file change alone is picked up.
 */
class ServeReloadIT {

    @TempDir
    Path dir;
    private ServeFixture f;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        f = ServeFixture.start(dir.resolve("lab"));
        ((Logger) LoggerFactory.getLogger(SnapshotHolder.class)).addAppender(log);
        log.start();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(SnapshotHolder.class)).detachAppender(log);
        f.close();
    }

    private String imacAction() throws Exception {
        return f.plan("02:00:0a:00:00:31", "C02RELOAD001", ServeFixture.RESTORE_MODEL).get("action").asText();
    }

    @Test
    void aGoodChangeAppliesWhileTransfersInFlightFinishAndABrokenOneKeepsTheOldPolicy() throws Exception {
        Path big = Hashes.randomFile(dir.resolve("lab/images/big.img"), 48L << 20, 11);
        String policies = Files.readString(f.dir.resolve("conf.d/policies.yaml"));
        assertThat(imacAction()).isEqualTo("restore");

        AtomicLong httpRead = new AtomicLong();
        CompletableFuture<String> download = CompletableFuture.supplyAsync(() -> slowDownload("/images/big.img", httpRead));
        try (TftpClient tftp = new TftpClient()) {
            SlowDigest slow = new SlowDigest();
            CompletableFuture<TransferResult> boot = tftp.fetch(FetchRequest.of(f.server.tftpAddress(),
                    "NetBoot/NetBootSP0/Orchard Restore.nbi/i386/x86_64/kernelcache", slow).withBlockSize(512));
            waitUntil(() -> httpRead.get() > 0 && f.server.activeTftpTransfers() > 0);

            String restoreRule = "    action: restore\n    image: lab-base\n    workflow: lab-standard\n";
            assertThat(policies).contains(restoreRule);
            f.writeFile("conf.d/policies.yaml", policies.replace(restoreRule,
                    "    action: thin\n    workflow: lab-standard\n"));
            HttpResponse<String> reload = f.post("/api/v1/admin/reload", f.adminToken(), "");
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            assertThat(reload.body()).contains("applied");
            // both transfers were still running when the new policy took over
            assertThat(download).isNotDone();
            assertThat(boot).isNotDone();
            assertThat(imacAction()).isEqualTo("thin");

            assertThat(download.get(120, TimeUnit.SECONDS)).isEqualTo(Hashes.sha256(big));
            boot.get(120, TimeUnit.SECONDS);
            assertThat(slow.sha256()).isEqualTo(Hashes.sha256(f.nbiFile("i386/x86_64/kernelcache")));
        }

        // a broken change: refused with file:line, counted, the running (thin) policy stays
        f.writeFile("conf.d/policies.yaml", policies.replace("image: lab-base\n    workflow: lab-standard",
                "image: no-such-image\n    workflow: lab-standard"));
        HttpResponse<String> refused = f.post("/api/v1/admin/reload", f.adminToken(), "");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).containsPattern("policies\\.yaml:\\d+:\\d+: error: .*no-such-image");
        assertThat(imacAction()).isEqualTo("thin");
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("configuration reload rejected").containsPattern("policies\\.yaml:\\d+"));
        String m = f.metrics();
        assertThat(sample(m, "orchard_config_reloads_total{result=\"rejected\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_config_reloads_total{result=\"applied\"}")).isGreaterThanOrEqualTo(1);

        // fixed on disk: the file watcher alone applies it
        f.writeFile("conf.d/policies.yaml", policies);
        waitUntil(() -> imacAction().equals("restore"));
    }

    @Test
    void aPlanIsNeverHandedOutForBytesOtherThanThePinnedSha256() throws Exception {
        String main = Files.readString(f.config);
        String real = Hashes.sha256(f.dir.resolve("images/lab-base.img"));
        f.writeFile("orchard.yaml", main.replace(real, "0".repeat(64)));
        assertThat(f.post("/api/v1/admin/reload", f.adminToken(), "").statusCode()).isEqualTo(200);
        HttpResponse<String> r = f.planResponse("02:00:0a:00:00:41", "&model=iMac18,3");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("60");
        assertThat(r.body()).contains("block image 'lab-base' (lab-base.img) has sha256 " + real)
                .contains("orchard.yaml:");
    }

    private String slowDownload(String path, AtomicLong read) {
        try {
            HttpResponse<InputStream> r = f.http.send(HttpRequest.newBuilder(URI.create(f.url(path))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            long sinceNap = 0;
            try (InputStream in = r.body()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    read.addAndGet(n);
                    sinceNap += n;
                    if (sinceNap >= 1 << 20) {
                        sinceNap = 0;
                        Thread.sleep(40); // a slow reader: about 25 MiB/s at most
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest sink that takes 1 ms per block, so the transfer is still running during the reload. */
    private static final class SlowDigest implements TransferSink {
        private final TransferSink.DigestSink digest = TransferSink.digest();

        @Override
        public void write(ByteBuf data) {
            digest.write(data);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void finish() {
            digest.finish();
        }

        @Override
        public void abort() {
        }

        String sha256() {
            return digest.sha256();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
