package dev.orchard.ops.wiring;

import dev.orchard.mdm.client.NanoMdmClient;
import dev.orchard.mdm.client.NanoMdmEndpoint;
import dev.orchard.ops.mdm.MdmGatewayException;
import dev.orchard.ops.mdm.MdmRequest;
import dev.orchard.ops.spi.MdmMetrics;
import dev.orchard.mdmsim.ApiCall;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.QueuedCommand;
import dev.orchard.mdmsim.SimulatedMac;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link NanoMdmGateway} against the NanoMDM stub (mdm-sim) over loopback: Orchard's requests become the
 * right Apple commands, a retry with the same CommandUUID never queues a second command, and errors are
 * retryable exactly when the MDM was unreachable or failed on its side.
 */
class NanoMdmGatewayIT {

    private static final String KEY = "nanomdm-api-key-for-tests";
    private static final String UDID = "00008112-001A2B3C4D5E6F70";

    private final List<String> counted = new ArrayList<>();
    private final MdmMetrics metrics = new MdmMetrics() {
        @Override
        public void commandSent(Command command, Outcome outcome) {
            counted.add(command + " " + outcome);
        }

        @Override
        public void webhookReceived(Webhook outcome) {
        }
    };
    private NanoMdmStub stub;
    private SimulatedMac mac;
    private NanoMdmGateway gateway;

    @BeforeEach
    void start() throws Exception {
        stub = NanoMdmStub.start(KEY);
        mac = stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true);
        gateway = gateway(stub.baseUrl(), KEY);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void anEraseBecomesApplesEraseDeviceQueuedAndPushed() throws Exception {
        gateway.send(UDID, "erase-1", new MdmRequest.Erase(Optional.empty(), "DoNotObliterate", false, false));

        QueuedCommand c = stub.enqueued(UDID).get(0);
        assertThat(c.commandUuid()).isEqualTo("erase-1");
        assertThat(c.fields()).isEqualTo(Map.of("RequestType", "EraseDevice", "ObliterationBehavior", "DoNotObliterate"));
        assertThat(stub.apiCalls()).containsExactly(new ApiCall("PUT", "/v1/enqueue/" + UDID, 200));
        assertThat(counted).containsExactly("ERASE_DEVICE SENT");
        stub.awaitQuiet(Duration.ofSeconds(5));
        assertThat(mac.erases()).isEqualTo(1);
    }

    @Test
    void everyRequestTypeIsTheCommandAppleDefines() throws Exception {
        mac.goOffline();
        gateway.send(UDID, "c-1", new MdmRequest.DeviceInformation(List.of("SerialNumber", "IsAppleSilicon")));
        gateway.send(UDID, "c-2", new MdmRequest.SecurityInfo());
        gateway.send(UDID, "c-3", new MdmRequest.InstallEnterpriseApplication(
                URI.create("https://orchard.example/mdm/agent.plist")));
        gateway.send(UDID, "c-4", new MdmRequest.Erase(Optional.of("123456"), "Default", false, false));
        assertThat(stub.enqueued(UDID)).extracting(QueuedCommand::fields).containsExactly(
                Map.of("RequestType", "DeviceInformation", "Queries", List.of("SerialNumber", "IsAppleSilicon")),
                Map.of("RequestType", "SecurityInfo"),
                Map.of("RequestType", "InstallEnterpriseApplication", "ManifestURL", "https://orchard.example/mdm/agent.plist"),
                Map.of("RequestType", "EraseDevice", "PIN", "123456", "ObliterationBehavior", "Default"));
    }

    @Test
    void sendingTheSameCommandAgainOnlyPushes() throws Exception {
        mac.goOffline();
        MdmRequest info = new MdmRequest.SecurityInfo();
        gateway.send(UDID, "s-1", info);
        gateway.send(UDID, "s-1", info); // a retry, or the flow again after a restart

        assertThat(stub.enqueued(UDID)).hasSize(1);
        assertThat(stub.apiCalls()).extracting(ApiCall::method, ApiCall::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PUT", 200), org.assertj.core.groups.Tuple.tuple("PUT", 500),
                org.assertj.core.groups.Tuple.tuple("GET", 200));
        assertThat(stub.apiCalls().get(2).pathAndQuery()).isEqualTo("/v1/push/" + UDID);
        assertThat(counted).containsExactly("SECURITY_INFO SENT", "SECURITY_INFO SENT");
    }

    @Test
    void queuedButNotPushedIsRetryableAndTheRetryPushesOnly() throws Exception {
        MdmRequest info = new MdmRequest.SecurityInfo();
        assertThatThrownBy(() -> gateway.send("NOT-ENROLLED-YET", "s-2", info))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("queued", "push data missing for id");
                });
        assertThatThrownBy(() -> gateway.send("NOT-ENROLLED-YET", "s-2", info))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(stub.enqueued("NOT-ENROLLED-YET")).hasSize(1);
        assertThat(counted).containsExactly("SECURITY_INFO QUEUED_NOT_PUSHED", "SECURITY_INFO QUEUED_NOT_PUSHED");
    }

    @Test
    void aRefusedKeyIsFinal() {
        NanoMdmGateway wrong = gateway(stub.baseUrl(), "not-the-api-key");
        assertThatThrownBy(() -> wrong.send(UDID, "s-3", new MdmRequest.SecurityInfo()))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("401");
                });
        assertThat(stub.enqueued(UDID)).isEmpty();
        assertThat(counted).containsExactly("SECURITY_INFO REFUSED");
    }

    @Test
    void anMdmThatIsDownIsRetryable() throws Exception {
        stub.apiFault(NanoMdmStub.ApiFault.SERVICE_UNAVAILABLE);
        assertThatThrownBy(() -> gateway.send(UDID, "s-4", new MdmRequest.SecurityInfo()))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> assertThat(e.retryable()).isTrue());
        stub.apiFault(NanoMdmStub.ApiFault.REFUSED);
        assertThatThrownBy(() -> gateway.send(UDID, "s-4", new MdmRequest.SecurityInfo()))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> assertThat(e.retryable()).isTrue());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NanoMdmGateway nowhere = gateway(URI.create("http://127.0.0.1:" + port + "/"), KEY);
        assertThatThrownBy(() -> nowhere.send(UDID, "s-4", new MdmRequest.SecurityInfo()))
                .isInstanceOfSatisfying(MdmGatewayException.class, e -> assertThat(e.retryable()).isTrue());
        stub.apiFault(NanoMdmStub.ApiFault.NONE);
        gateway.send(UDID, "s-4", new MdmRequest.SecurityInfo());
        assertThat(stub.enqueued(UDID)).hasSize(1);
        assertThat(counted).containsExactly("SECURITY_INFO MDM_UNAVAILABLE", "SECURITY_INFO MDM_UNAVAILABLE",
                "SECURITY_INFO MDM_UNAVAILABLE", "SECURITY_INFO SENT");
    }

    @Test
    void whatAppleDoesNotAllowOnAMacIsRefusedBeforeSending() {
        List<MdmRequest> refused = List.of(
                new MdmRequest.Erase(Optional.empty(), "DoNotObliterate", true, false),
                new MdmRequest.Erase(Optional.empty(), "DoNotObliterate", false, true),
                new MdmRequest.Erase(Optional.empty(), "never", false, false),
                new MdmRequest.Erase(Optional.of("12345"), "Default", false, false),
                new MdmRequest.InstallEnterpriseApplication(URI.create("http://orchard.example/agent.plist")),
                new MdmRequest.DeviceInformation(List.of()));
        for (MdmRequest r : refused) {
            assertThatThrownBy(() -> gateway.send(UDID, "x-1", r)).as(r.toString())
                    .isInstanceOfSatisfying(MdmGatewayException.class, e -> assertThat(e.retryable()).isFalse());
        }
        assertThat(stub.apiCalls()).isEmpty();
    }

    private NanoMdmGateway gateway(URI url, String key) {
        return new NanoMdmGateway(new NanoMdmClient(new NanoMdmEndpoint(url, key, Duration.ofSeconds(5))), metrics);
    }
}
