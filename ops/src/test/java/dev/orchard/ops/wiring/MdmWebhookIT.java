package dev.orchard.ops.wiring;

import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.init.SampleSetup;
import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.mdm.MdmRequest;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import dev.orchard.mdmsim.WebhookDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MDM path end to end inside one running server: {@code orchard serve} with {@code mdm:} pointing at the test
 * kit's NanoMDM stub, whose webhook posts to the server's {@code POST /api/v1/mdm/webhook}; commands go out
 * through the server's own gateway, and what the simulated Macs answer reaches a recording {@link MdmEventSink}.
 */
class MdmWebhookIT {

    private static final String API_KEY = "nanomdm-api-key-for-tests";
    private static final String HMAC = "webhook-hmac-key-for-tests-42";
    private static final String UDID = "00008112-001A2B3C4D5E6F70";

    @TempDir
    static Path dir;

    static final List<String> events = new CopyOnWriteArrayList<>();
    static NanoMdmStub stub;
    static OrchardServer server;
    static URI webhook;
    static SimulatedMac mac;

    @BeforeAll
    static void start() throws Exception {
        stub = NanoMdmStub.start(API_KEY);
        Path config = SampleSetup.write(dir, true, ManifestProgress.NONE);
        secret(dir.resolve("nanomdm-api-key"), API_KEY);
        secret(dir.resolve("nanomdm-webhook-key"), HMAC);
        Files.writeString(config, "\nmdm:\n  url: " + stub.baseUrl() + "\n  api_key: {file: nanomdm-api-key}\n"
                + "  webhook_secret: {file: nanomdm-webhook-key}\n  timeout_seconds: 5\n", StandardOpenOption.APPEND);
        server = OrchardServer.start(ServeOptions.loopback(config).withWatchFiles(false), (gateway, s) -> new MdmEventSink() {
            @Override
            public void commandResult(String udid, String commandUuid, CommandStatus status, Map<String, Object> response) {
                events.add("result " + udid + " " + commandUuid + " " + status);
            }

            @Override
            public void checkIn(String udid, CheckInKind kind, Optional<String> serialNumber) {
                events.add("checkin " + udid + " " + kind + " " + serialNumber.orElse("-"));
            }
        });
        webhook = URI.create(server.httpUrl() + "/api/v1/mdm/webhook");
        mac = stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @BeforeEach
    void reset() throws Exception {
        stub.awaitQuiet(Duration.ofSeconds(5));
        stub.webhook(webhook, HMAC);
        stub.duplicateWebhooks(false);
        stub.loseNextWebhooks(0);
        events.clear();
    }

    @Test
    void anEraseItsAcknowledgementAndTheReEnrolmentReachTheSink() throws Exception {
        server.mdmGateway().orElseThrow().send(UDID, "erase-1",
                new MdmRequest.Erase(Optional.empty(), "DoNotObliterate", false, false));
        stub.awaitQuiet(Duration.ofSeconds(10));

        assertThat(events).containsExactly(
                "result " + UDID + "  IDLE",
                "result " + UDID + " erase-1 ACKNOWLEDGED",
                "checkin " + UDID + " AUTHENTICATE C02XL0GZJGH5",
                "checkin " + UDID + " TOKEN_UPDATE -",
                "result " + UDID + "  IDLE");
        assertThat(stub.webhooks()).allSatisfy(d -> assertThat(d.accepted()).isTrue());
        assertThat(metric("command_report")).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    void aWrongKeyIsRefusedWith401AndCountedAndNothingReachesTheSink() throws Exception {
        double before = metric("unauthenticated");
        double rejectedBefore = series("orchard_http_rejected_total{reason=\"unauthenticated\"} ");
        stub.webhook(webhook, "not-the-webhook-key-at-all");
        server.mdmGateway().orElseThrow().send(UDID, "info-1", new MdmRequest.SecurityInfo());
        stub.awaitQuiet(Duration.ofSeconds(10));

        assertThat(stub.webhooks()).last().satisfies(d -> assertThat(d.httpStatus()).isEqualTo(401));
        assertThat(events).isEmpty();
        assertThat(metric("unauthenticated") - before).isEqualTo(2.0); // Idle and the SecurityInfo answer
        assertThat(series("orchard_http_rejected_total{reason=\"unauthenticated\"} ") - rejectedBefore).isEqualTo(2.0);
    }

    @Test
    void aDuplicateIsDeliveredTwiceAndALostOneNever() throws Exception {
        stub.duplicateWebhooks(true);
        stub.loseNextWebhooks(1); // the Idle
        server.mdmGateway().orElseThrow().send(UDID, "info-2", new MdmRequest.SecurityInfo());
        stub.awaitQuiet(Duration.ofSeconds(10));

        assertThat(stub.webhooks().stream().skip(stub.webhooks().size() - 3).map(WebhookDelivery::outcome))
                .containsExactly(WebhookDelivery.Outcome.LOST, WebhookDelivery.Outcome.ANSWERED,
                        WebhookDelivery.Outcome.ANSWERED);
        assertThat(events).containsExactly("result " + UDID + " info-2 ACKNOWLEDGED",
                "result " + UDID + " info-2 ACKNOWLEDGED");
    }

    @Test
    void errorsFormatErrorsAndNotNowAreReportedAsSuch() throws Exception {
        mac.answerOnce("SecurityInfo", Reaction.notNow());
        mac.answerOnce("DeviceInformation", Reaction.error(12, "MCMDMErrorDomain", "no"));
        mac.answerOnce("InstallEnterpriseApplication", Reaction.commandFormatError());
        server.mdmGateway().orElseThrow().send(UDID, "info-3", new MdmRequest.SecurityInfo());
        server.mdmGateway().orElseThrow().send(UDID, "dev-1", new MdmRequest.DeviceInformation(List.of("Model")));
        server.mdmGateway().orElseThrow().send(UDID, "app-1",
                new MdmRequest.InstallEnterpriseApplication(URI.create("https://orchard.example/agent.plist")));
        stub.awaitQuiet(Duration.ofSeconds(10));
        assertThat(events).contains("result " + UDID + " info-3 NOT_NOW", "result " + UDID + " dev-1 ERROR",
                "result " + UDID + " app-1 COMMAND_FORMAT_ERROR", "result " + UDID + " info-3 ACKNOWLEDGED");
    }

    @Test
    void aSignedBodyThatIsNoEventIs400AndUnsignedIs401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        byte[] body = "{\"topic\":\"mdm.Connect\"}".getBytes();
        String signature = java.util.Base64.getEncoder().encodeToString(hmac(body));
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(webhook).header("X-Hmac-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(webhook)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(webhook).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(400);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(events).isEmpty();
    }

    @Test
    void aUserChannelTokenUpdateNeverReachesTheSinkAsTheDevicesCheckIn() throws Exception {
        // a user logging in after an erase was sent: Apple's TokenUpdate then carries UserID (user channel)
        String plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
                + "<key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>" + UDID + "</string>"
                + "<key>UserID</key><string>A1B2C3D4-0000-0000-0000-000000000001</string></dict></plist>";
        String device = plist.replace("<key>UserID</key><string>A1B2C3D4-0000-0000-0000-000000000001</string>", "");
        double ignored = metric("ignored");
        assertThat(postCheckIn(plist)).isEqualTo(200);
        assertThat(events).as("the user channel's TokenUpdate").isEmpty();
        assertThat(metric("ignored") - ignored).isEqualTo(1.0);
        assertThat(postCheckIn(device)).isEqualTo(200);
        assertThat(events).as("the device channel's TokenUpdate").containsExactly("checkin " + UDID + " TOKEN_UPDATE -");
    }

    private static int postCheckIn(String plist) throws Exception {
        String body = "{\"topic\":\"mdm.TokenUpdate\",\"event_id\":\"e-" + System.nanoTime()
                + "\",\"created_at\":\"2026-12-05T08:00:00Z\",\"checkin_event\":{\"udid\":\"" + UDID
                + "\",\"raw_payload\":\"" + java.util.Base64.getEncoder().encodeToString(plist.getBytes()) + "\"}}";
        byte[] bytes = body.getBytes();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(webhook)
                        .header("X-Hmac-Signature", java.util.Base64.getEncoder().encodeToString(hmac(bytes)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static double metric(String outcome) {
        return series("orchard_mdm_webhooks_total{outcome=\"" + outcome + "\"} ");
    }

    private static double series(String line) {
        return server.metrics().scrape().lines().filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(line.length()))).findFirst().orElse(-1);
    }

    private static byte[] hmac(byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(HMAC.getBytes(), "HmacSHA256"));
        return mac.doFinal(body);
    }

    private static void secret(Path file, String value) throws Exception {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
