package dev.orchard.mdm.client;

import dev.orchard.mdm.command.CommandPlist;
import dev.orchard.mdm.command.DeviceInformation;
import dev.orchard.mdm.command.EraseDevice;
import dev.orchard.mdm.command.ObliterationBehavior;
import dev.orchard.mdm.command.SecurityInfo;
import dev.orchard.mdmsim.ApiCall;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.QueuedCommand;
import dev.orchard.mdmsim.SimulatedMac;
import dev.orchard.mdmsim.WebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real client against the NanoMDM stub (mdm-sim) over loopback. */
class NanoMdmClientIT {

    private static final String KEY = "nanomdm-api-key-for-tests";
    private static final String UDID = "00008112-001A2B3C4D5E6F70";

    private NanoMdmStub stub;
    private SimulatedMac mac;
    private NanoMdmClient client;

    @BeforeEach
    void start() throws Exception {
        stub = NanoMdmStub.start(KEY);
        mac = stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true);
        client = new NanoMdmClient(new NanoMdmEndpoint(stub.baseUrl(), KEY, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void enqueueQueuesTheExactPlistPushesAndTheMacAnswers() throws Exception {
        byte[] plist = CommandPlist.xml(new DeviceInformation(List.of("SerialNumber", "IsAppleSilicon")), "cmd-1");
        ApiResult r = client.enqueue(List.of(UDID), plist, false);

        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.enqueuedFor(UDID)).isTrue();
        assertThat(r.pushedTo(UDID)).isTrue();
        assertThat(r.commandUuid()).contains("cmd-1");
        assertThat(r.requestType()).contains("DeviceInformation");
        QueuedCommand q = stub.enqueued(UDID).get(0);
        assertThat(q.raw()).isEqualTo(plist);
        assertThat(q.fields()).containsEntry("Queries", List.of("SerialNumber", "IsAppleSilicon"));
        assertThat(stub.apiCalls()).containsExactly(new ApiCall("PUT", "/v1/enqueue/" + UDID, 200));

        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(stub.queue(UDID)).isEmpty();
        assertThat(stub.webhooks()).extracting(WebhookDelivery::topic, d -> d.commandUuid().orElse(""))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mdm.Connect", ""),
                        org.assertj.core.groups.Tuple.tuple("mdm.Connect", "cmd-1"));
    }

    @Test
    void noPushQueuesWithoutWakingTheMac() throws Exception {
        ApiResult r = client.enqueue(List.of(UDID), CommandPlist.xml(new SecurityInfo(), "cmd-2"), true);
        assertThat(r.noPush()).isTrue();
        assertThat(r.pushedTo(UDID)).isFalse();
        assertThat(stub.apiCalls().get(0).pathAndQuery()).isEqualTo("/v1/enqueue/" + UDID + "?nopush=1");
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(stub.queue(UDID)).extracting(QueuedCommand::commandUuid).containsExactly("cmd-2");

        ApiResult pushed = client.push(List.of(UDID));
        assertThat(pushed.pushedTo(UDID)).isTrue();
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(stub.queue(UDID)).isEmpty();
    }

    @Test
    void aCommandUuidIsTakenOnce() throws Exception {
        byte[] plist = CommandPlist.xml(EraseDevice.eacs(ObliterationBehavior.DO_NOT_OBLITERATE), "cmd-3");
        mac.goOffline();
        client.enqueue(List.of(UDID), plist, false);
        assertThatThrownBy(() -> client.enqueue(List.of(UDID), plist, false))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(500);
                    assertThat(e.result()).hasValueSatisfying(r -> {
                        assertThat(r.commandError()).contains("command already exists: cmd-3");
                        assertThat(r.enqueuedFor(UDID)).isFalse();
                    });
                });
        assertThat(stub.enqueued(UDID)).hasSize(1);
    }

    @Test
    void aDeviceWithoutPushInfoIsQueuedButNotPushed() {
        assertThatThrownBy(() -> client.enqueue(List.of("UNKNOWN-UDID"), CommandPlist.xml(new SecurityInfo(), "c4"), false))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.result()).hasValueSatisfying(r -> {
                        assertThat(r.enqueuedFor("UNKNOWN-UDID")).isTrue();
                        assertThat(r.of("UNKNOWN-UDID").pushError()).contains("push data missing for id");
                    });
                });
    }

    @Test
    void partOfTheIdsFailingIs207() throws Exception {
        ApiResult r = client.push(List.of(UDID, "UNKNOWN-UDID"));
        assertThat(r.httpStatus()).isEqualTo(207);
        assertThat(r.pushedTo(UDID)).isTrue();
        assertThat(r.pushedTo("UNKNOWN-UDID")).isFalse();
    }

    @Test
    void anUndecodableCommandIsFinal() {
        assertThatThrownBy(() -> client.enqueue(List.of(UDID), "<plist".getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("decoding command");
                });
    }

    @Test
    void aWrongKeyIsRefusedAndFinal() {
        NanoMdmClient wrong = new NanoMdmClient(NanoMdmEndpoint.of(stub.baseUrl(), "not-the-key"));
        assertThatThrownBy(() -> wrong.push(List.of(UDID)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(401);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(stub.webhooks()).isEmpty();
    }

    @Test
    void aWrongBaseUrlIsFinal() {
        NanoMdmClient wrong = new NanoMdmClient(NanoMdmEndpoint.of(stub.baseUrl().resolve("/nanomdm/"), KEY));
        assertThatThrownBy(() -> wrong.push(List.of(UDID)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(404);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void anMdmThatIsDownIsRetryableAndRecovers() throws Exception {
        stub.apiFault(NanoMdmStub.ApiFault.SERVICE_UNAVAILABLE);
        assertThatThrownBy(() -> client.push(List.of(UDID)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(503);
                    assertThat(e.retryable()).isTrue();
                });
        stub.apiFault(NanoMdmStub.ApiFault.REFUSED);
        assertThatThrownBy(() -> client.push(List.of(UDID)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("cannot be reached");
                });
        stub.apiFault(NanoMdmStub.ApiFault.NONE);
        assertThat(client.push(List.of(UDID)).pushedTo(UDID)).isTrue();
    }

    @Test
    void nothingListeningIsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NanoMdmClient nowhere = new NanoMdmClient(NanoMdmEndpoint.of(URI.create("http://127.0.0.1:" + port + "/"), KEY));
        assertThatThrownBy(() -> nowhere.push(List.of(UDID)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void idsThatWouldChangeThePathAreRefusedBeforeSending() {
        for (String bad : List.of("a/b", "a,b", "a?b", "", "../v1")) {
            assertThatThrownBy(() -> client.push(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(stub.apiCalls()).isEmpty();
    }
}
