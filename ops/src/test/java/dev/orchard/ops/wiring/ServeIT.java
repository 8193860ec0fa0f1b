package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TftpTransferException;
import dev.orchard.tftp.client.TransferSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code orchard serve} end to end, in-process, on an {@code orchard init} setup: BSDP LIST/SELECT with the
 * bsdp client, the booter over TFTP with the tftp client, the root image with curl, plans for every
 * action, events into the journal and the admin API, and the metrics they leave.
 */
class ServeIT {

    @TempDir
    static Path dir;
    private static ServeFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = ServeFixture.start(dir.resolve("lab"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void bsdpOffersThePolicysNbiAndTheBooterArrivesOverTftp() throws Exception {
        SelectAck ack;
        try (BsdpClient client = f.bsdpClient(Duration.ofSeconds(5), 5)) {
            List<ListOffer> offers = client.list(ServeFixture.mac("02:00:0a:00:00:01", ServeFixture.RESTORE_MODEL))
                    .get(60, TimeUnit.SECONDS);
            assertThat(offers).hasSize(1);
            assertThat(offers.get(0).images()).extracting(i -> i.name()).containsExactly("Orchard Restore");
            ack = client.select(ServeFixture.mac("02:00:0a:00:00:01", ServeFixture.RESTORE_MODEL), offers.get(0),
                    offers.get(0).defaultImage().orElseThrow()).get(60, TimeUnit.SECONDS);
        }
        assertThat(ack.failed()).isFalse();
        assertThat(ack.bootFile()).isEqualTo("NetBoot/NetBootSP0/Orchard Restore.nbi/i386/booter");
        assertThat(ack.rootPath()).contains(f.server.httpUrl()
                + "/NetBoot/NetBootSP0/Orchard%20Restore.nbi/NetInstall.dmg");

        try (TftpClient tftp = new TftpClient()) {
            TransferSink.DigestSink booter = TransferSink.digest();
            tftp.fetchAndWait(FetchRequest.of(f.server.tftpAddress(), ack.bootFile(), booter).withBlockSize(1468)
                    .withWindowSize(8), 30, TimeUnit.SECONDS);
            assertThat(booter.sha256()).isEqualTo(Hashes.sha256(f.nbiFile("i386/booter")));
            // Apple's absolute form of the same tree
            TransferSink.DigestSink kernel = TransferSink.digest();
            tftp.fetchAndWait(FetchRequest.of(f.server.tftpAddress(),
                    "/private/tftpboot/NetBoot/NetBootSP0/Orchard Restore.nbi/i386/x86_64/kernelcache", kernel),
                    30, TimeUnit.SECONDS);
            assertThat(kernel.sha256()).isEqualTo(Hashes.sha256(f.nbiFile("i386/x86_64/kernelcache")));
            assertThatThrownBy(() -> tftp.fetchAndWait(FetchRequest.of(f.server.tftpAddress(), "../orchard.yaml",
                    TransferSink.discard()), 30, TimeUnit.SECONDS)).isInstanceOf(TftpTransferException.class);
        }
        // the root image, as the firmware fetches it, with curl as an independent HTTP client
        Path curl = Peers.require("curl");
        Path root = dir.resolve("NetInstall.dmg");
        Proc.check(Duration.ofSeconds(60), curl.toString(), "-sS", "-f", "-o", root.toString(), ack.rootPath().get());
        assertThat(Hashes.sha256(root)).isEqualTo(Hashes.sha256(f.nbiFile("NetInstall.dmg")));

        String m = f.metrics();
        assertThat(sample(m, "orchard_bsdp_requests_total{type=\"list\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_bsdp_replies_total{type=\"ack_select\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_tftp_transfers_total{result=\"completed\"}")).isGreaterThanOrEqualTo(2);
        assertThat(sample(m, "orchard_tftp_refusals_total{reason=\"outside_root\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_http_sent_bytes_total{route=\"nbi\"}")).isGreaterThanOrEqualTo(2_000_000);
    }

    @Test
    void bsdpStaysSilentForActionNoneAndForMacsNoPolicyTakes() throws Exception {
        try (BsdpClient client = f.bsdpClient(Duration.ofMillis(700), 1)) {
            for (var mac : List.of(ServeFixture.mac(ServeFixture.BENCH_MAC, ServeFixture.RESTORE_MODEL),
                    ServeFixture.mac("02:00:0a:00:00:09", ServeFixture.NONE_MODEL))) {
                assertThatThrownBy(() -> client.list(mac).get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            }
        }
        assertThat(f.awaitSample("orchard_bsdp_dropped_total{reason=\"no_image\"}", 2)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void plansForEveryActionFromTheLivePolicy() throws Exception {
        JsonNode restore = f.plan("02:00:0a:00:00:11", "C02RESTORE01", ServeFixture.RESTORE_MODEL);
        assertThat(restore.get("action").asText()).isEqualTo("restore");
        assertThat(restore.get("policy").asText()).isEqualTo("imacs-restore");
        assertThat(restore.get("machine").get("name").asText()).isEqualTo("lab-C02RESTORE01");
        assertThat(restore.get("restore").get("url").asText()).isEqualTo("/images/lab-base.img");
        assertThat(restore.get("restore").get("sha256").asText()).isEqualTo(Hashes.sha256(dir.resolve("lab/images/lab-base.img")));
        assertThat(restore.get("restore").get("chunkSize").asLong()).isEqualTo(4 << 20);
        JsonNode steps = restore.get("workflow").get("steps");
        assertThat(steps).extracting(s -> s.get("type").asText())
                .containsExactly("localize", "profile", "package", "script", "script", "computer_name");
        assertThat(steps.get(3).get("content").asText()).contains("hello from C02RESTORE01 (iMac18,3, 02:00:0a:00:00:11)");
        assertThat(steps.get(5).get("value").asText()).isEqualTo("lab-C02RESTORE01");
        // the plan's URLs are served, with the checksums the plan names
        HttpResponse<String> manifest = f.get(restore.get("restore").get("manifest").asText(), null);
        assertThat(ServeFixture.JSON.readTree(manifest.body()).get("sha256").asText())
                .isEqualTo(restore.get("restore").get("sha256").asText());
        HttpResponse<byte[]> pkg = f.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(f.url(steps.get(2).get("url").asText()))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(Hashes.sha256(pkg.body())).isEqualTo(steps.get(2).get("sha256").asText());

        JsonNode install = f.plan("02:00:0a:00:00:12", "C02INSTALL01", ServeFixture.INSTALL_MODEL);
        assertThat(install.get("action").asText()).isEqualTo("install");
        assertThat(install.get("install").get("url").asText()).isEqualTo("/payloads/installers/InstallAssistant-sample.pkg");
        assertThat(install.get("install").get("firstBootPackage").get("size").asLong()).isEqualTo(20_000);

        JsonNode thin = f.plan("02:00:0a:00:00:13", "C02THIN00001", ServeFixture.THIN_MODEL);
        assertThat(thin.get("action").asText()).isEqualTo("thin");
        assertThat(thin.get("restore").isNull()).isTrue();

        JsonNode kiosk = f.plan("02:0c:00:00:00:01", "", "iMac19,1");
        assertThat(kiosk.get("policy").asText()).isEqualTo("kiosks");
        assertThat(kiosk.get("machine").get("name").asText()).isEqualTo("kiosk-lobby");

        HttpResponse<String> none = f.planResponse(ServeFixture.BENCH_MAC, "&model=iMac18,3");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("policy 'broken-on-bench' says none");
        assertThat(f.planResponse("02:00:0a:00:00:14", "&model=" + ServeFixture.NONE_MODEL).statusCode())
                .isEqualTo(404);
        // without a ticket nobody learns even that much
        HttpResponse<String> stranger = f.get("/api/v1/plan?mac=02:00:0a:00:00:11&model=iMac18,3", null);
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).doesNotContain("imacs-restore").doesNotContain("lab-base");

        String m = f.metrics();
        for (String action : List.of("restore", "install", "thin", "none")) {
            assertThat(sample(m, "orchard_plans_total{action=\"" + action + "\"}")).as(action).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void orchardTicketIssuesACodeThatLetsOneAgentRunIn() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.orchard.ops.cli.OrchardCli.run(new String[] {"ticket", "--config", f.config.toString(),
                "--mac", "02-00-0A-00-00-51", "--ttl", "2h", "--server", f.server.httpUrl()},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
        String ticket = out.toString().lines().findFirst().orElseThrow();
        assertThat(ticket).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}-[0-9A-Z]");
        assertThat(out.toString()).contains("for 02:00:0a:00:00:51 from any address, one agent run");
        java.net.http.HttpRequest.Builder ask = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                f.url("/api/v1/plan?mac=02:00:0a:00:00:51&model=" + ServeFixture.RESTORE_MODEL)))
                .header("X-Orchard-Ticket", ticket).header("X-Orchard-Claim", "cli-test");
        var http = java.net.http.HttpClient.newHttpClient();
        assertThat(http.send(ask.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // used once: another agent with the same code is refused
        assertThat(http.send(ask.setHeader("X-Orchard-Claim", "someone-else").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(dev.orchard.ops.cli.OrchardCli.run(new String[] {"ticket", "--config", f.config.toString(),
                "--mac", "banana", "--server", f.server.httpUrl()}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true))).isEqualTo(1);
        assertThat(err.toString()).contains("the server refused: 400");
    }

    @Test
    void eventsAreDurableInTheJournalAndListedForAdminsOnly() throws Exception {
        String mac = "02:00:0a:00:00:21";
        JsonNode plan = f.plan(mac, "C02EVENTS001", ServeFixture.RESTORE_MODEL);
        String token = plan.get("token").asText();
        String events = plan.get("events").asText();
        long size = plan.get("restore").get("size").asLong();
        String[][] trail = {{"plan", "succeeded"}, {"restore", "started"}, {"restore", "progress"},
                {"restore", "succeeded"}, {"done", "succeeded"}};
        for (int i = 0; i < trail.length; i++) {
            Long done = trail[i][0].equals("restore") ? (i == 2 ? size / 2 : size) : null;
            HttpResponse<String> r = f.post(events, token, ServeFixture.event(i, plan.get("run").asText(), trail[i][0], trail[i][1],
                    done, done == null ? null : size));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        // durable: the journal has them (the 202 came after the fsync)
        List<Long> seqs = f.server.journal().machine(MacAddress.parse(mac)).orElseThrow().history().stream()
                .filter(r -> r instanceof MachineEvent).map(r -> ((MachineEvent) r).seq()).toList();
        assertThat(seqs).containsExactly(0L, 1L, 2L, 3L, 4L);

        String other = f.plan("02:00:0a:00:00:22", "C02EVENTS002", ServeFixture.RESTORE_MODEL).get("token").asText();
        String body = ServeFixture.event(9, plan.get("run").asText(), "plan", "started", null, null);
        assertThat(f.post(events, null, body).statusCode()).isEqualTo(401);
        assertThat(f.post(events, other, body).statusCode()).isEqualTo(403);
        assertThat(f.post(events, token + "x", body).statusCode()).isEqualTo(403);

        assertThat(f.get("/api/v1/machines", null).statusCode()).isEqualTo(401);
        assertThat(f.get("/api/v1/machines", "not-the-admin-token-at-all").statusCode()).isEqualTo(403);
        HttpResponse<String> machines = f.get("/api/v1/machines", f.adminToken());
        assertThat(machines.statusCode()).isEqualTo(200);
        JsonNode row = null;
        for (JsonNode m : ServeFixture.JSON.readTree(machines.body()).get("machines")) {
            if (m.get("mac").asText().equals(mac)) {
                row = m;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("policy").asText()).isEqualTo("imacs-restore");
        assertThat(row.get("name").asText()).isEqualTo("lab-C02EVENTS001");
        assertThat(row.get("lastEvents")).hasSize(5);

        String m = f.metrics();
        assertThat(sample(m, "orchard_events_total{result=\"succeeded\",stage=\"done\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_restore_bytes_total")).isGreaterThanOrEqualTo(size);
        assertThat(sample(m, "orchard_stage_duration_seconds_count{result=\"succeeded\",stage=\"restore\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_runs_finished_total{action=\"restore\",result=\"succeeded\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(m, "orchard_journal_records_total")).isGreaterThanOrEqualTo(5);
        assertThat(sample(m, "orchard_http_requests_total{route=\"agent_api\",status=\"success\"}")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void healthAndImagesForAdmins() throws Exception {
        assertThat(f.get("/readyz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> images = f.get("/api/v1/images", f.adminToken());
        assertThat(images.statusCode()).isEqualTo(200);
        assertThat(images.body()).contains("\"name\":\"lab-base.img\"");
        HttpResponse<String> rescan = f.post("/api/v1/admin/rescan", f.adminToken(), "");
        assertThat(rescan.statusCode()).as(rescan.body()).isEqualTo(200);
        assertThat(rescan.body()).contains("1 NBI image(s)");
        assertThat(Files.exists(dir.resolve("lab/data/" + ServerSecret.FILE))).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve("lab/data/" + ServerSecret.FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
