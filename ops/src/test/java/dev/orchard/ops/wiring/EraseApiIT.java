package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.init.SampleSetup;
import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.mdm.MdmGateway;
import dev.orchard.ops.mdm.MdmRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/admin/erase} on a real {@code orchard serve}, over HTTP, and {@code orchard erase} against
 * it: a dry run lists what each Mac would be sent and sends nothing; more Macs than {@code erase.confirm_above}
 * are refused (409) without the right count and started with it; {@code erase.max_per_hour} refuses (429) what
 * would pass it; Macs whose policy is not {@code erase}, or that the MDM never named, are skipped with the
 * reason; the machine list shows the MDM stage. The MDM is a recording gateway: the commands it got are
 * exactly those of the started flows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseApiIT {

    /** Seven Macs in group {@code modern} (policy erase), and one Intel Mac of the sample lab. */
    private static final int MODERN = 7;
    private static final String INTEL = "02:0c:00:00:00:01";

    @TempDir
    static Path dir;
    private static ServeFixture f;
    private static final List<MdmRequest> sent = new CopyOnWriteArrayList<>();
    /** "udid requestType" → CommandUUID, to answer as the Mac would. */
    private static final java.util.Map<String, String> uuids = new java.util.concurrent.ConcurrentHashMap<>();

    static String mac(int i) {
        return String.format("02:0e:00:00:01:%02x", i);
    }

    static String serial(int i) {
        return String.format("C02ERASE%04d", i);
    }

    @BeforeAll
    static void start() throws Exception {
        Path lab = dir.resolve("lab");
        Path config = SampleSetup.write(lab, true, ManifestProgress.NONE);
        StringBuilder csv = new StringBuilder("mac,serial,name,group\n");
        for (int i = 1; i <= MODERN + 2; i++) {
            csv.append(mac(i)).append(',').append(serial(i)).append(",modern-").append(i).append(",modern\n");
        }
        Files.writeString(lab.resolve("modern.csv"), csv);
        // sorted before policies.yaml: its rule comes first
        Files.writeString(lab.resolve("conf.d/00-modern.yaml"), """
                inventory: [../modern.csv]
                policies:
                  - name: apple-silicon
                    match: {group: modern}
                    action: erase
                    workflow: lab-standard
                    computer_name: "m-{serial}"
                """);
        Files.writeString(config, "\nerase:\n  confirm_above: 5\n  max_per_hour: 8\n", StandardOpenOption.APPEND);
        OrchardServer server = OrchardServer.start(ServeOptions.loopback(config));
        f = ServeFixture.around(lab, config, server);
        MdmGateway recording = (udid, uuid, request) -> {
            sent.add(request);
            uuids.put(udid + " " + request.requestType(), uuid);
        };
        server.erase().useGateway(recording);
        // the MDM's Authenticate check-ins name Macs 1..7 (the eighth checks in later, the ninth never)
        for (int i = 1; i <= MODERN; i++) {
            server.erase().events().checkIn("UDID-" + i, MdmEventSink.CheckInKind.AUTHENTICATE,
                    Optional.of(serial(i)));
        }
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static JsonNode erase(String body, int status) throws Exception {
        HttpResponse<String> r = f.post("/api/v1/admin/erase", f.adminToken(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return ServeFixture.JSON.readTree(r.body());
    }

    private static JsonNode row(JsonNode answer, String mac) {
        for (JsonNode m : answer.get("machines")) {
            if (m.get("mac").asText().equals(mac)) {
                return m;
            }
        }
        throw new AssertionError("no row for " + mac + " in " + answer);
    }

    private static String[] eraseArgs(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("erase", "--config", f.config.toString(), "--server",
                f.server.httpUrl()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void aDryRunSaysWhatEachMacWouldBeSentAndSendsNothing() throws Exception {
        JsonNode a = erase("{\"groups\":[\"modern\"],\"macs\":[\"" + INTEL + "\"],\"dryRun\":true}", 200);

        assertThat(a.get("toErase").asInt()).isEqualTo(MODERN);
        assertThat(a.get("confirmationNeeded").asBoolean()).isTrue();
        assertThat(a.get("started")).isEmpty();
        JsonNode first = row(a, mac(1));
        assertThat(first.get("outcome").asText()).isEqualTo("erase");
        assertThat(first.get("udid").asText()).isEqualTo("UDID-1");
        assertThat(first.get("commands").findValuesAsText("requestType")).containsExactly("DeviceInformation",
                "SecurityInfo", "EraseDevice", "InstallProfile", "InstallEnterpriseApplication", "RemoveProfile");
        assertThat(first.get("commands").get(2).get("ObliterationBehavior").asText()).isEqualTo("DoNotObliterate");
        assertThat(first.get("commands").get(4).get("ManifestURL").asText())
                .isEqualTo(f.server.httpUrl() + "/mdm/agent/" + mac(1) + "/manifest.plist");
        assertThat(a.get("machines")).hasSize(MODERN + 3);
        assertThat(row(a, mac(MODERN + 2)).get("reason").asText()).contains("the MDM has not named this Mac");
        JsonNode intel = row(a, INTEL);
        assertThat(intel.get("reason").asText()).isEqualTo("policy 'kiosks' says restore, not erase");

        AdminApiParityIT.Run run = AdminApiParityIT.cli(eraseArgs("--group", "modern", "--dry-run"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains(mac(1) + "  " + serial(1), "1. DeviceInformation", "3. EraseDevice"
                + " ObliterationBehavior=DoNotObliterate", "dry run: 7 Mac(s) would be erased", "needs --yes 7");
        assertThat(sent).as("a dry run sends nothing").isEmpty();
    }

    @Test
    @Order(2)
    void moreThanTheThresholdNeedsTheRightCount() throws Exception {
        JsonNode refused = erase("{\"groups\":[\"modern\"]}", 409);
        assertThat(refused.get("message").asText()).contains("7 Macs would be erased", "confirm 7");
        assertThat(erase("{\"groups\":[\"modern\"],\"confirm\":6}", 409).get("message").asText()).contains("it says 6");
        AdminApiParityIT.Run run = AdminApiParityIT.cli(eraseArgs("--group", "modern"));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("409", "--yes 7");
        assertThat(sent).isEmpty();

        AdminApiParityIT.Run confirmed = AdminApiParityIT.cli(eraseArgs("--group", "modern", "--yes", "7"));
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("7 erase(s) started");
        assertThat(sent).hasSize(MODERN).allSatisfy(r -> assertThat(r.requestType()).isEqualTo("DeviceInformation"));
    }

    @Test
    @Order(3)
    void theHourlyCapRefusesWhatWouldPassIt() throws Exception {
        JsonNode again = erase("{\"macs\":[\"" + mac(1) + "\"]}", 200);
        assertThat(again.get("machines").get(0).get("reason").asText()).startsWith("already being erased (querying)");
        assertThat(again.get("started")).isEmpty();

        f.server.erase().events().checkIn("UDID-8", MdmEventSink.CheckInKind.AUTHENTICATE,
                Optional.of(serial(MODERN + 1)));
        erase("{\"serials\":[\"" + serial(MODERN + 1) + "\"]}", 200);
        assertThat(sent).hasSize(MODERN + 1);
        // the cap counts requests, not Macs still running: a ninth in the hour is refused
        f.server.erase().events().checkIn("UDID-9", MdmEventSink.CheckInKind.AUTHENTICATE,
                Optional.of(serial(MODERN + 2)));
        JsonNode capped = erase("{\"macs\":[\"" + mac(MODERN + 2) + "\"]}", 429);
        assertThat(capped.get("message").asText()).contains("max_per_hour is 8", "8 erase(s) started");
        assertThat(sent).hasSize(MODERN + 1);
    }

    @Test
    @Order(4)
    void theMachineListShowsTheMdmStage() throws Exception {
        JsonNode one = ServeFixture.JSON.readTree(f.get("/api/v1/machines/" + mac(1), f.adminToken()).body());
        assertThat(one.get("mdm").get("udid").asText()).isEqualTo("UDID-1");
        assertThat(one.get("mdm").get("eraseStage").asText()).isEqualTo("querying");
        AdminApiParityIT.Run table = AdminApiParityIT.cli("machines", "--config", f.config.toString());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("MAC +NAME .* MDM").contains("erase querying");
        assertThat(ServeFixture.sample(f.get("/metrics", null).body(), "orchard_erase_requested_total"))
                .isEqualTo(MODERN + 1.0);
    }

    @Test
    @Order(5)
    void namesThatMatchNothingAreRefused() throws Exception {
        assertThat(erase("{\"groups\":[\"modrn\"]}", 400).get("message").asText()).contains("'modrn' is not a group");
        assertThat(erase("{\"serials\":[\"NOPE\"]}", 400).get("message").asText()).contains("names no Mac");
        assertThat(erase("{}", 400).get("message").asText()).contains("name the Macs to erase");
        assertThat(f.post("/api/v1/admin/erase", null, "{\"macs\":[\"" + mac(1) + "\"]}").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void explainShowsTheRuleAndWhatTheMacReportedToTheMdm() throws Exception {
        f.server.erase().events().commandResult("UDID-1", uuids.get("UDID-1 DeviceInformation"),
                MdmEventSink.CommandStatus.ACKNOWLEDGED, java.util.Map.of("QueryResponses", java.util.Map.of(
                        "ProductName", "Mac14,2", "IsAppleSilicon", true, "OSVersion", "14.4", "SerialNumber",
                        serial(1))));
        String query = "?mac=" + mac(1) + "&serial=" + serial(1) + "&model=Mac14,2";
        HttpResponse<String> r = f.get("/api/v1/admin/explain" + query, f.adminToken());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode api = ServeFixture.JSON.readTree(r.body());
        assertThat(api.get("action").asText()).isEqualTo("erase");
        assertThat(api.get("bsdpImages")).isEmpty();
        assertThat(api.get("mdm").get("udid").asText()).isEqualTo("UDID-1");
        assertThat(api.get("mdm").get("eraseStage").asText()).isEqualTo("querying");
        assertThat(api.get("mdm").get("deviceInformation").get("ProductName").asText()).isEqualTo("Mac14,2");
        assertThat(api.get("mdm").get("deviceInformation").get("IsAppleSilicon").asText()).isEqualTo("true");

        AdminApiParityIT.Run json = AdminApiParityIT.cli("explain", "--config", f.config.toString(), "--mac", mac(1),
                "--serial", serial(1), "--model", "Mac14,2", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(ServeFixture.JSON.readTree(json.out())).as("orchard explain --json = the admin API").isEqualTo(api);
        AdminApiParityIT.Run text = AdminApiParityIT.cli("explain", "--config", f.config.toString(), "--mac", mac(1),
                "--model", "Mac14,2");
        assertThat(text.out()).contains("Decision  erase  by policy 'apple-silicon'",
                "BSDP offers    nothing (no reply: action erase)", "MDM       udid UDID-1  erase querying",
                "IsAppleSilicon true", "ProductName    Mac14,2");
    }
}
