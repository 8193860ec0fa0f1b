package dev.orchard.mdm.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NanoMDM's webhook events as its webhook service writes them ({@code service/webhook/service.go},
 * {@code event.go}: compact JSON, {@code raw_payload} base64 of the device's plist; NanoMDM commit
 * 1d5fcf4da9b1606a022bf85dcf0449961865c1d9). The events are written here from those files; the device plists
 * follow Apple's check-in and command-report formats.
 */
class WebhookParserTest {

    static final String UDID = "5C9E2D41-8B0A-4E1F-A3B6-0D7C9E8F1A2B";

    @Test
    void anAcknowledgedDeviceInformationReport() {
        String plist = plist("""
                <key>CommandUUID</key><string>cmd-7</string>
                <key>QueryResponses</key><dict>
                  <key>SerialNumber</key><string>C02XL0GZJGH5</string>
                  <key>IsAppleSilicon</key><true/>
                  <key>OSVersion</key><string>14.4.1</string>
                </dict>
                <key>Status</key><string>Acknowledged</string>
                <key>UDID</key><string>%s</string>""".formatted(UDID));
        WebhookEvent e = parsed(connect("Acknowledged", "\"command_uuid\":\"cmd-7\",", plist));
        assertThat(e).isInstanceOfSatisfying(WebhookEvent.CommandReport.class, r -> {
            assertThat(r.udid()).isEqualTo(UDID);
            assertThat(r.status()).isEqualTo(ReportStatus.ACKNOWLEDGED);
            assertThat(r.commandUuid()).contains("cmd-7");
            assertThat(r.eventId()).contains("trace-1");
            @SuppressWarnings("unchecked")
            Map<String, Object> q = (Map<String, Object>) r.report().get("QueryResponses");
            assertThat(q).containsEntry("SerialNumber", "C02XL0GZJGH5").containsEntry("IsAppleSilicon", true);
        });
    }

    @Test
    void anErrorReportKeepsItsErrorChain() {
        String plist = plist("""
                <key>CommandUUID</key><string>cmd-8</string>
                <key>ErrorChain</key><array><dict>
                  <key>ErrorCode</key><integer>12</integer>
                  <key>ErrorDomain</key><string>MCMDMErrorDomain</string>
                  <key>LocalizedDescription</key><string>EACS preflight failed</string>
                </dict></array>
                <key>Status</key><string>Error</string>
                <key>UDID</key><string>%s</string>""".formatted(UDID));
        WebhookEvent.CommandReport r = (WebhookEvent.CommandReport) parsed(connect("Error", "", plist));
        assertThat(r.status()).isEqualTo(ReportStatus.ERROR);
        assertThat(r.commandUuid()).as("taken from the plist when the event has none").contains("cmd-8");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> chain = (List<Map<String, Object>>) r.report().get("ErrorChain");
        assertThat(chain.get(0)).containsEntry("ErrorCode", 12L);
    }

    @Test
    void idleHasNoCommand() {
        String plist = plist("<key>Status</key><string>Idle</string><key>UDID</key><string>" + UDID + "</string>");
        WebhookEvent.CommandReport r = (WebhookEvent.CommandReport) parsed(connect("Idle", "", plist));
        assertThat(r.status()).isEqualTo(ReportStatus.IDLE);
        assertThat(r.commandUuid()).isEmpty();
    }

    @Test
    void checkInsCarryTheirTypeAndSerial() {
        String auth = plist("""
                <key>MessageType</key><string>Authenticate</string>
                <key>Model</key><string>Mac14,2</string>
                <key>SerialNumber</key><string>C02XL0GZJGH5</string>
                <key>Topic</key><string>com.apple.mgmt.External.x</string>
                <key>UDID</key><string>%s</string>""".formatted(UDID));
        WebhookEvent.CheckIn a = (WebhookEvent.CheckIn) parsed(checkIn("mdm.Authenticate", auth));
        assertThat(a.type()).isEqualTo(CheckInType.AUTHENTICATE);
        assertThat(a.serialNumber()).contains("C02XL0GZJGH5");
        assertThat(a.udid()).isEqualTo(UDID);

        String token = plist("<key>MessageType</key><string>TokenUpdate</string><key>Token</key><data>AAEC</data>"
                + "<key>UDID</key><string>" + UDID + "</string>");
        WebhookEvent.CheckIn t = (WebhookEvent.CheckIn) parsed(checkIn("mdm.TokenUpdate", token));
        assertThat(t.type()).isEqualTo(CheckInType.TOKEN_UPDATE);
        assertThat(t.serialNumber()).isEmpty();
        assertThat((byte[]) t.message().get("Token")).containsExactly(0, 1, 2);

        assertThat(parsed(checkIn("mdm.CheckOut", plist("<key>MessageType</key><string>CheckOut</string>"))))
                .isInstanceOfSatisfying(WebhookEvent.CheckIn.class, c -> assertThat(c.type()).isEqualTo(CheckInType.CHECK_OUT));
    }

    @Test
    void theEnrollmentIdStandsInForAMissingUdid() {
        String body = """
                {"checkin_event":{"ids":{"id":"%s","type":"Device"},"raw_payload":"%s"},"created_at":"2026-12-05T07:00:00Z","topic":"mdm.CheckOut"}"""
                .formatted(UDID, b64(plist("<key>MessageType</key><string>CheckOut</string>")));
        assertThat(((WebhookEvent.CheckIn) parsed(body)).udid()).isEqualTo(UDID);
    }

    @Test
    void anUnknownTopicIsWellFormedButNothingToDo() {
        assertThat(parsed("{\"topic\":\"mdm.Future\",\"created_at\":\"2026-12-05T07:00:00Z\"}"))
                .isEqualTo(new WebhookEvent.Unknown("mdm.Future", java.util.Optional.empty()));
    }

    @Test
    void malformedInputIsAReasonNeverAnException() {
        String okPlist = plist("<key>Status</key><string>Acknowledged</string><key>CommandUUID</key><string>c</string>");
        Map<String, String> cases = Map.ofEntries(
                Map.entry("", "the body is empty"),
                Map.entry("{", "not JSON"),
                Map.entry("[1]", "not a JSON object"),
                Map.entry("{\"created_at\":\"x\"}", "event.topic is missing"),
                Map.entry("{\"topic\":\"mdm.Connect\"}", "event.created_at is missing"),
                Map.entry("{\"topic\":7,\"created_at\":\"x\"}", "event.topic is not a string"),
                Map.entry("{\"topic\":\"mdm.Connect\",\"created_at\":\"x\"}", "needs an object 'acknowledge_event'"),
                Map.entry(connect("Acknowledged", "", "%%%"), "raw_payload is not base64"),
                Map.entry(connectRaw("Acknowledged", "", b64("not a plist")), "raw_payload is not an XML plist"),
                Map.entry(connectRaw("Acknowledged", "", b64("<?xml version=\"1.0\"?><plist version=\"1.0\"><array/></plist>")),
                        "not a dictionary"),
                Map.entry(connect("Done", "", okPlist), "is not one of Apple's"),
                Map.entry(connect("Acknowledged", "", plist("<key>Status</key><string>Acknowledged</string>")),
                        "no command_uuid"),
                Map.entry("{\"topic\":\"mdm.Connect\",\"created_at\":\"x\",\"acknowledge_event\":{\"status\":\"Idle\"}}",
                        "raw_payload is missing"),
                Map.entry("{\"topic\":\"mdm.CheckOut\",\"created_at\":\"x\",\"checkin_event\":{\"raw_payload\":\""
                        + b64(okPlist) + "\"}}", "names no device"),
                Map.entry("{\"topic\":\"a\",\"topic\":\"b\",\"created_at\":\"x\"}", "not JSON"),
                Map.entry("{\"topic\":\"mdm.Connect\",\"created_at\":\"x\",\"acknowledge_event\":" + "[".repeat(3000)
                        + "]".repeat(3000) + "}", "not JSON"));
        cases.forEach((body, reason) -> assertThat(WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .as(body.length() > 80 ? body.substring(0, 80) : body)
                .isInstanceOfSatisfying(WebhookParser.Result.Malformed.class,
                        m -> assertThat(m.reason()).contains(reason)));
    }

    @Test
    void anXmlExternalEntityIsNotFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<plist version=\"1.0\"><dict><key>Status</key><string>&x;</string></dict></plist>";
        WebhookParser.Result r = WebhookParser.parse(connectRaw("Idle", "", b64(xxe)).getBytes(StandardCharsets.UTF_8));
        if (r instanceof WebhookParser.Result.Parsed p) {
            assertThat(((WebhookEvent.CommandReport) p.event()).report().get("Status")).isIn("", null);
        }
    }

    static String plist(String dictBody) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
                + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n" + dictBody
                + "\n</dict>\n</plist>\n";
    }

    static String connect(String status, String extra, String plist) {
        return connectRaw(status, extra, plist.equals("%%%") ? "%%%" : b64(plist));
    }

    static String connectRaw(String status, String extra, String rawPayload) {
        return "{\"acknowledge_event\":{" + extra + "\"ids\":{\"id\":\"" + UDID + "\",\"type\":\"Device\"},"
                + "\"raw_payload\":\"" + rawPayload + "\",\"status\":\"" + status + "\",\"udid\":\"" + UDID + "\"},"
                + "\"created_at\":\"2026-12-05T07:00:00.123456789Z\",\"event_id\":\"trace-1\",\"topic\":\"mdm.Connect\"}";
    }

    static String checkIn(String topic, String plist) {
        return "{\"checkin_event\":{\"ids\":{\"id\":\"" + UDID + "\",\"type\":\"Device\"},\"raw_payload\":\""
                + b64(plist) + "\",\"udid\":\"" + UDID + "\"},\"created_at\":\"2026-12-05T07:00:00Z\",\"topic\":\""
                + topic + "\"}";
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookEvent parsed(String body) {
        WebhookParser.Result r = WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(WebhookParser.Result.Parsed.class);
        return ((WebhookParser.Result.Parsed) r).event();
    }
}
