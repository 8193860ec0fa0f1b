package dev.orchard.mdm.webhook;

import com.sun.net.httpserver.HttpServer;
import dev.orchard.mdm.client.NanoMdmClient;
import dev.orchard.mdm.client.NanoMdmEndpoint;
import dev.orchard.mdm.command.CommandPlist;
import dev.orchard.mdm.command.DeviceInformation;
import dev.orchard.mdm.command.EraseDevice;
import dev.orchard.mdm.command.ObliterationBehavior;
import dev.orchard.mdm.command.SecurityInfo;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import dev.orchard.mdmsim.WebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stub's simulated Macs answer commands sent with the real client, and every webhook it posts is read by
 * {@link WebhookParser} and carries a signature {@link WebhookSignature} accepts: the stub and the parser agree
 * on NanoMDM's event format end to end (a plain JDK HTTP server stands in for Orchard's route here).
 */
class StubWebhookIT {

    private static final String KEY = "nanomdm-api-key-for-tests";
    private static final String HMAC = "webhook-hmac-key-for-tests";
    private static final String UDID = "00008112-001A2B3C4D5E6F70";

    private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private NanoMdmStub stub;
    private SimulatedMac mac;
    private NanoMdmClient client;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        WebhookSignature signature = new WebhookSignature(HMAC);
        receiver.createContext("/hook", x -> {
            try (x) {
                byte[] body = x.getRequestBody().readAllBytes();
                int status = 200;
                if (!signature.verify(body, Optional.ofNullable(x.getRequestHeaders().getFirst(WebhookSignature.HEADER)))) {
                    refused.add("signature");
                    status = 401;
                } else if (WebhookParser.parse(body) instanceof WebhookParser.Result.Parsed p) {
                    events.add(p.event());
                } else {
                    refused.add(new String(body));
                    status = 400;
                }
                x.sendResponseHeaders(status, -1);
            }
        });
        receiver.start();
        stub = NanoMdmStub.start(KEY);
        stub.webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), HMAC);
        mac = stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true);
        client = new NanoMdmClient(NanoMdmEndpoint.of(stub.baseUrl(), KEY));
    }

    @AfterEach
    void stop() {
        stub.close();
        receiver.stop(0);
    }

    @Test
    void anEraseIsAcknowledgedThenTheMacEnrollsAgainWithItsSerial() throws Exception {
        client.enqueue(List.of(UDID), CommandPlist.xml(EraseDevice.eacs(ObliterationBehavior.DO_NOT_OBLITERATE), "e-1"),
                false);
        stub.awaitQuiet(Duration.ofSeconds(5));

        assertThat(refused).isEmpty();
        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isInstanceOfSatisfying(WebhookEvent.CommandReport.class,
                r -> assertThat(r.status()).isEqualTo(ReportStatus.IDLE));
        assertThat(events.get(1)).isInstanceOfSatisfying(WebhookEvent.CommandReport.class, r -> {
            assertThat(r.status()).isEqualTo(ReportStatus.ACKNOWLEDGED);
            assertThat(r.commandUuid()).contains("e-1");
            assertThat(r.udid()).isEqualTo(UDID);
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(WebhookEvent.CheckIn.class, c -> {
            assertThat(c.type()).isEqualTo(CheckInType.AUTHENTICATE);
            assertThat(c.serialNumber()).contains("C02XL0GZJGH5");
        });
        assertThat(events.get(3)).isInstanceOfSatisfying(WebhookEvent.CheckIn.class,
                c -> assertThat(c.type()).isEqualTo(CheckInType.TOKEN_UPDATE));
        assertThat(events.get(4)).isInstanceOfSatisfying(WebhookEvent.CommandReport.class,
                r -> assertThat(r.status()).isEqualTo(ReportStatus.IDLE));
        assertThat(mac.erases()).isEqualTo(1);
    }

    @Test
    void queryAnswersErrorsAndNotNowReachTheReceiver() throws Exception {
        mac.answerOnce("SecurityInfo", Reaction.notNow());
        mac.answer("EraseDevice", Reaction.error(12, "MCMDMErrorDomain", "EACS preflight failed"));
        client.enqueue(List.of(UDID), CommandPlist.xml(new DeviceInformation(List.of("SerialNumber", "IMEI")), "q-1"), true);
        client.enqueue(List.of(UDID), CommandPlist.xml(new SecurityInfo(), "s-1"), true);
        client.enqueue(List.of(UDID), CommandPlist.xml(EraseDevice.eacs(ObliterationBehavior.DO_NOT_OBLITERATE), "e-2"),
                false);
        stub.awaitQuiet(Duration.ofSeconds(5));

        List<WebhookEvent.CommandReport> reports = events.stream().map(WebhookEvent.CommandReport.class::cast)
                .filter(r -> r.status() != ReportStatus.IDLE).toList();
        assertThat(reports).extracting(r -> r.commandUuid().orElseThrow() + " " + r.status())
                .containsExactly("q-1 ACKNOWLEDGED", "s-1 NOT_NOW", "e-2 ERROR");
        @SuppressWarnings("unchecked")
        Map<String, Object> answers = (Map<String, Object>) reports.get(0).report().get("QueryResponses");
        assertThat(answers).containsOnlyKeys("SerialNumber").containsEntry("SerialNumber", "C02XL0GZJGH5");
        assertThat(stub.queue(UDID)).extracting(q -> q.commandUuid()).containsExactly("s-1");

        client.push(List.of(UDID)); // the NotNow'd command comes again at the next connection
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(stub.queue(UDID)).isEmpty();
    }

    @Test
    void lostDuplicatedAndUnsignedWebhooks() throws Exception {
        stub.loseNextWebhooks(1);
        stub.duplicateWebhooks(true);
        client.enqueue(List.of(UDID), CommandPlist.xml(new SecurityInfo(), "s-2"), false);
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(stub.webhooks()).extracting(WebhookDelivery::outcome).containsExactly(
                WebhookDelivery.Outcome.LOST, WebhookDelivery.Outcome.ANSWERED, WebhookDelivery.Outcome.ANSWERED);
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(((WebhookEvent.CommandReport) e).commandUuid())
                .contains("s-2"));

        stub.duplicateWebhooks(false);
        stub.webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), "wrong-key");
        client.push(List.of(UDID));
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(refused).containsExactly("signature");
        assertThat(stub.webhooks().get(3).httpStatus()).isEqualTo(401);
    }

    @Test
    void aMacThatNeverComesBackAndOneThatReturnsWhenTold() throws Exception {
        mac.answer("EraseDevice", Reaction.eraseAndStayAway());
        client.enqueue(List.of(UDID), CommandPlist.xml(EraseDevice.eacs(ObliterationBehavior.DEFAULT), "e-3"), false);
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(mac.online()).isFalse();
        client.enqueue(List.of(UDID), CommandPlist.xml(new SecurityInfo(), "s-3"), false); // APNs takes the push
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(events).hasSize(2);
        assertThat(stub.queue(UDID)).extracting(q -> q.commandUuid()).containsExactly("s-3");

        mac.comeBack();
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(events.subList(2, events.size())).extracting(WebhookEvent::topic)
                .containsExactly("mdm.Authenticate", "mdm.TokenUpdate", "mdm.Connect");
        assertThat(stub.queue(UDID)).as("Authenticate clears the queue, as NanoMDM does").isEmpty();
    }
}
