package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.ops.wiring.ImageLibrary;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.orchard.ops.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code orchard init} then {@code validate} then {@code serve} (in-process), and {@code orchard image}. */
class InitAndImageCommandsTest {

    @TempDir
    Path dir;

    @Test
    void initWritesASetupThatValidatesAndServes() throws Exception {
        Path lab = dir.resolve("lab");
        CommandsTest.Run init = run("init", lab.toString(), "--unprivileged");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("orchard serve    --config " + lab.resolve("orchard.yaml") + " --unprivileged")
                .contains("orchard validate --config " + lab.resolve("orchard.yaml") + " --unprivileged");
        assertThat(Files.getPosixFilePermissions(lab.resolve("admin-token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(lab.resolve("admin-token")).strip()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(lab.resolve("nbi/Orchard Restore.nbi/i386/x86_64/kernelcache")).isRegularFile();
        assertThat(lab.resolve("images/lab-base.img.manifest.json")).isRegularFile();

        CommandsTest.Run again = run("init", lab.toString());
        assertThat(again.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(again.err()).contains("already exists");

        CommandsTest.Run validate = run("validate", "--config", lab.resolve("orchard.yaml").toString(),
                "--unprivileged");
        assertThat(validate.code()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("OK (5 files, 6 policies, 2 workflows, 2 inventory rows; 1 warning)")
                .contains("warning: --unprivileged: BSDP listens on port 10067");

        // every action has a Mac that explain sends there
        for (String[] c : new String[][] {{"02:0b:00:00:00:01", "iMac18,3", "none"}, {"02:0c:00:00:00:01", "iMac18,3",
                "restore"}, {"02:00:0a:00:00:01", "iMac19,1", "restore"}, {"02:00:0a:00:00:02", "Macmini8,1", "install"},
                {"02:00:0a:00:00:03", "MacBookAir8,1", "thin"}, {"02:00:0a:00:00:04", "MacPro7,1", "none"}}) {
            CommandsTest.Run explain = run("explain", "--config", lab.resolve("orchard.yaml").toString(), "--mac", c[0],
                    "--model", c[1], "--json");
            assertThat(new ObjectMapper().readTree(explain.out()).get("action").asText()).as(c[0] + " " + c[1])
                    .isEqualTo(c[2]);
        }

        try (OrchardServer server = OrchardServer.start(ServeOptions.loopback(lab.resolve("orchard.yaml")))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> ticket = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
                    + "/api/v1/admin/tickets")).header("Authorization", "Bearer " + server.adminToken().orElseThrow())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"mac\":\"02:00:0a:00:00:02\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
            HttpResponse<String> plan = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
                    + "/api/v1/plan?mac=02:00:0a:00:00:02&model=Macmini8,1&serial=C02MINI"))
                    .header("X-Orchard-Ticket", new ObjectMapper().readTree(ticket.body()).get("code").asText())
                    .header("X-Orchard-Claim", "init-test").build(), HttpResponse.BodyHandlers.ofString());
            JsonNode p = new ObjectMapper().readTree(plan.body());
            assertThat(p.get("action").asText()).isEqualTo("install");
            assertThat(p.get("install").get("sha256").asText())
                    .isEqualTo(Hashes.sha256(lab.resolve("payloads/installers/InstallAssistant-sample.pkg")));
        }
    }

    @Test
    void imageImportScanAndList() throws Exception {
        Path lab = dir.resolve("lab");
        assertThat(run("init", lab.toString()).code()).isZero();
        String config = lab.resolve("orchard.yaml").toString();
        Path source = Hashes.randomFile(dir.resolve("new-image.raw"), 10_000_000, 5);

        CommandsTest.Run imported = run("image", "import", source.toString(), "--name", "kiosk.img", "--config", config);
        assertThat(imported.code()).as(imported.err()).isZero();
        // not a terminal: plain progress lines, then the entry to paste
        assertThat(imported.out()).contains("kiosk.img: hashed 41% (4.0 MiB of 9.5 MiB)")
                .contains("kiosk.img: hashed 100%").contains("sha256: " + Hashes.sha256(source)).contains("size: 10000000");
        assertThat(run("image", "import", source.toString(), "--name", "lab-base.img", "--config", config).code())
                .isEqualTo(ServiceExit.FAILED);

        Files.setLastModifiedTime(lab.resolve("images/lab-base.img"), FileTime.from(Instant.now().plusSeconds(5)));
        JsonNode list = new ObjectMapper().readTree(run("image", "list", "--config", config, "--json").out());
        assertThat(list.get("images")).extracting(i -> i.get("file").asText() + " " + i.get("manifest").asText())
                .containsExactly("kiosk.img fresh", "lab-base.img stale");
        assertThat(list.get("images").get(1).get("name").asText()).isEqualTo("lab-base");

        CommandsTest.Run scan = run("image", "scan", "--config", config);
        assertThat(scan.code()).isZero();
        assertThat(scan.out()).contains("lab-base.img: hashed 100%").doesNotContain("kiosk.img: hashed")
                .contains("2 block image(s)");
        assertThat(run("image", "list", "--config", config).out()).contains("lab-base.img").doesNotContain("stale");
    }

    @Test
    void importReportsProgressThroughItsCallback() throws Exception {
        Path source = Hashes.randomFile(dir.resolve("src.img"), 9L << 20, 9);
        ImageLibrary library = new ImageLibrary(Files.createDirectories(dir.resolve("images")));
        List<long[]> seen = new ArrayList<>();
        ImageManifest m = library.importImage(source, "a/b.img", (done, total) -> seen.add(new long[] {done, total}));
        assertThat(m.sha256()).isEqualTo(Hashes.sha256(source));
        assertThat(m.name()).isEqualTo("a/b.img");
        assertThat(seen).extracting(p -> p[0]).containsExactly(4L << 20, 8L << 20, 9L << 20);
        assertThat(seen).allSatisfy(p -> assertThat(p[1]).isEqualTo(9L << 20));
        // a second import of the same file is a no-op: the stored manifest is fresh
        seen.clear();
        library.importImage(source, "a/b.img", (done, total) -> seen.add(new long[] {done, total}));
        assertThat(seen).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> library.importImage(source, "../escape.img",
                (d, t) -> { })).hasMessageContaining("must stay inside");
    }
}
