package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.init.SampleSetup;
import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.mdm.MdmGateway;
import dev.orchard.ops.mdm.MdmRequest;
import dev.orchard.ops.page.HeadlessChromium;
import dev.orchard.ops.webhooks.WebhookReceiver;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.orchard.ops.wiring.ServeFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine page's "Erase" on a real {@code orchard serve} over HTTP with a logged-in page session (docs/lab-page.md,
 * "Actions"): offered only for a Mac whose policy says erase; a POST without the CSRF token is 403, a Mac whose policy
 * is not erase and a confirmation that does not name the Mac are 422 — and the MDM is sent nothing; with the Mac's
 * serial typed, the erase starts through the admin API's trigger (the MDM gets the flow's first command, once), and
 * the Mac's row on the event stream and its page show the flow's stage and history.
 */
@ExtendWith(LeakCheckExtension.class)
class LabPageEraseIT {

    private static final String MODERN = "02:0e:00:00:02:01";
    private static final String SERIAL = "C02PGERASE01";

    @TempDir
    Path dir;

    @Test
    void theMachinePageErasesAMacWhosePolicySaysEraseOnlyWithItsNameTyped() throws Exception {
        Path lab = dir.resolve("lab");
        Path config = SampleSetup.write(lab, true, ManifestProgress.NONE);
        Files.writeString(lab.resolve("modern.csv"), "mac,serial,name,group\n" + MODERN + "," + SERIAL + ",page-1,modern\n");
        // erased with nothing to run after it: this test is about the page, not the agent's run
        Files.writeString(lab.resolve("conf.d/00-modern.yaml"),
                "inventory: [../modern.csv]\npolicies: [{name: page-erase, action: erase, match: {group: modern}}]\n");
        Path secret = dir.resolve("webhook-secret");
        Files.writeString(secret, "Pz93-erase-webhook-secret-7f1c\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        WebhookReceiver receiver = WebhookReceiver.start(200);
        Files.writeString(config, Files.readString(config) + "\nwebhooks:\n  - url: " + receiver.url()
                + "\n    secret: {file: " + secret + "}\n");
        List<MdmRequest> sent = new CopyOnWriteArrayList<>();
        Map<String, String> uuids = new ConcurrentHashMap<>();
        OrchardServer server;
        try {
            server = OrchardServer.start(ServeOptions.loopback(config));
        } catch (StartFailure e) {
            throw new AssertionError(e.problems().toString(), e);
        }
        try (receiver; ServeFixture f = ServeFixture.around(lab, config, server)) {
            MdmGateway recording = (udid, uuid, request) -> {
                sent.add(request);
                uuids.put(request.requestType(), uuid);
            };
            f.server.erase().useGateway(recording);
            f.server.erase().events().checkIn("UDID-P1", MdmEventSink.CheckInKind.AUTHENTICATE, Optional.of(SERIAL));
            String intel = "02:0d:00:00:00:21";
            f.plan(intel, "C02PGINTEL01", ServeFixture.RESTORE_MODEL); // known to the journal, restored by its policy
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.server.journal().machine(MacAddress.parse(MODERN)).isEmpty()) {
                assertThat(System.nanoTime()).as("the check-in journaled").isLessThan(deadline);
                Thread.sleep(20);
            }

            PageSession page = PageSession.login(f);
            assertThat(page.data(MODERN).get("erasable").asBoolean()).as("policy erase").isTrue();
            assertThat(page.data(intel).get("erasable").asBoolean()).as("policy restore").isFalse();

            assertThat(page.post("/ui/actions/erase?mac=" + MODERN + "&confirm=" + SERIAL, false).statusCode())
                    .as("no CSRF token").isEqualTo(403);
            HttpResponse<String> notErase = page.post("/ui/actions/erase?mac=" + intel + "&confirm=C02PGINTEL01", true);
            assertThat(notErase.statusCode()).isEqualTo(422);
            assertThat(notErase.body()).contains("not erased by its policy");
            HttpResponse<String> unconfirmed = page.post("/ui/actions/erase?mac=" + MODERN + "&confirm=page-2", true);
            assertThat(unconfirmed.statusCode()).isEqualTo(422);
            assertThat(unconfirmed.body()).contains("type its name").contains(SERIAL);
            assertThat(page.post("/ui/actions/erase?mac=" + MODERN, true).statusCode()).as("nothing typed").isEqualTo(422);
            assertThat(sent).as("nothing sent to the MDM").isEmpty();
            assertThat(f.server.journal().machine(MacAddress.parse(MODERN)).orElseThrow().erase()).isNull();

            HttpResponse<String> started = page.post("/ui/actions/erase?mac=" + MODERN + "&confirm="
                    + URLEncoder.encode(SERIAL.toLowerCase(java.util.Locale.ROOT), StandardCharsets.UTF_8), true);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sent.isEmpty()) {
                assertThat(System.nanoTime()).as("the flow's first command").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(sent.get(0).requestType()).isEqualTo("DeviceInformation");

            JsonNode doc = page.data(MODERN);
            String stage = f.server.journal().machine(MacAddress.parse(MODERN)).orElseThrow().erase().stage();
            assertThat(doc.get("machine").get("erase").get("stage").asText()).isEqualTo(stage);
            assertThat(doc.get("records").findValuesAsText("kind")).contains("erase");
            assertThat(doc.get("records").findValuesAsText("stage")).contains("requested", stage);
            String snapshot = page.firstStreamEvent();
            assertThat(snapshot).contains("\"mac\":\"" + MODERN + "\"").contains("\"erase\":{\"stage\":\"" + stage + "\"");
            assertThat(sent).as("each command once").hasSize((int) sent.stream().map(MdmRequest::requestType).distinct().count());

            // the flow's stage changes go to the webhooks; the Mac answering Error fails the flow: a failure webhook,
            // and the row turns failed with the flow's reason
            f.server.erase().events().commandResult("UDID-P1", uuids.get("DeviceInformation"),
                    MdmEventSink.CommandStatus.ERROR, Map.of("ErrorChain", List.of(Map.of("ErrorDomain", "MCMDMErrorDomain",
                            "ErrorCode", 12021, "LocalizedDescription", "test refusal"))));
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (hooks(receiver).stream().noneMatch(h -> h.path("type").asText().equals("machine.failure"))) {
                assertThat(System.nanoTime()).as("the failure webhook; got %s", hooks(receiver)).isLessThan(deadline);
                Thread.sleep(50);
            }
            List<JsonNode> erase = hooks(receiver);
            assertThat(erase).allSatisfy(h -> {
                assertThat(h.get("flow").asText()).isEqualTo("mdm-erase");
                assertThat(h.get("machine").get("mac").asText()).isEqualTo(MODERN);
            });
            assertThat(erase.stream().map(h -> h.get("stage").asText()).toList()).as("each stage once, in order")
                    .startsWith("requested").doesNotHaveDuplicates().endsWith("failed");
            JsonNode failure = erase.get(erase.size() - 1);
            assertThat(failure.get("type").asText()).isEqualTo("machine.failure");
            assertThat(failure.get("reason").asText()).isNotBlank();
            JsonNode row = page.data(MODERN).get("machine");
            assertThat(row.get("failed").asBoolean()).as("the row failed").isTrue();
            assertThat(row.get("erase").get("stage").asText()).isEqualTo("failed");
        }
    }

    /**
     * The same button in a real headless Chromium (the page's own JavaScript: its prompt, its POST with the CSRF
     * token): a name that is not the Mac's is refused with the server's words on the page and nothing goes to
     * the MDM; with the serial typed the flow's first command goes out once and the page shows the MDM erase.
     */
    @Test
    void theEraseButtonInChromiumStartsTheFlowOnlyWithTheMacsNameTyped() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium is not installed (scripts/install-test-deps.sh installs it)");
        Path lab = dir.resolve("lab");
        Path config = SampleSetup.write(lab, true, ManifestProgress.NONE);
        Files.writeString(lab.resolve("modern.csv"), "mac,serial,name,group\n" + MODERN + "," + SERIAL + ",page-1,modern\n");
        Files.writeString(lab.resolve("conf.d/00-modern.yaml"),
                "inventory: [../modern.csv]\npolicies: [{name: page-erase, action: erase, match: {group: modern}}]\n");
        List<MdmRequest> sent = new CopyOnWriteArrayList<>();
        OrchardServer server = OrchardServer.start(ServeOptions.loopback(config));
        try (ServeFixture f = ServeFixture.around(lab, config, server);
             HeadlessChromium browser = HeadlessChromium.start(dir.resolve("chromium"), dir.resolve("chromium.log"))) {
            f.server.erase().useGateway((udid, uuid, request) -> sent.add(request));
            f.server.erase().events().checkIn("UDID-P1", MdmEventSink.CheckInKind.AUTHENTICATE, Optional.of(SERIAL));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.server.journal().machine(MacAddress.parse(MODERN)).isEmpty()) {
                assertThat(System.nanoTime()).as("the check-in journaled").isLessThan(deadline);
                Thread.sleep(20);
            }
            browser.navigate(server.httpUrl() + "/ui/login");
            browser.waitUntil("the login form", "document.getElementById('token')", Duration.ofSeconds(20));
            browser.eval("(() => { document.getElementById('token').value = '" + f.adminToken() + "';"
                    + " document.getElementById('login-form').submit(); return true; })()");
            browser.waitUntil("the lab page", "location.pathname === '/ui/lab'", Duration.ofSeconds(20));
            browser.navigate(server.httpUrl() + "/ui/machine?mac=" + MODERN);
            browser.waitUntil("the Erase button", "document.getElementById('act-erase') && !document.getElementById('act-erase').hidden",
                    Duration.ofSeconds(20));

            browser.eval("window.prompt = () => 'page-2'; document.getElementById('act-erase').click(); true");
            browser.waitUntil("the refusal on the page", "!document.getElementById('notice').hidden"
                    + " && document.getElementById('notice').textContent.includes('type its name')", Duration.ofSeconds(20));
            browser.screenshot(Path.of("target", "lab-page-screenshots", "6-erase-refused.png"));
            assertThat(sent).as("nothing sent to the MDM").isEmpty();
            assertThat(f.server.journal().machine(MacAddress.parse(MODERN)).orElseThrow().erase()).isNull();

            browser.eval("window.prompt = () => '" + SERIAL + "'; document.getElementById('act-erase').click(); true");
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sent.isEmpty()) {
                assertThat(System.nanoTime()).as("the flow's first command").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(sent.get(0).requestType()).isEqualTo("DeviceInformation");
            browser.waitUntil("the MDM erase on the page", "document.body.textContent.includes('MDM erase')"
                    + " && document.querySelector('#records tr[data-kind=\"erase\"]')", Duration.ofSeconds(20));
            browser.screenshot(Path.of("target", "lab-page-screenshots", "7-erase-started.png"));
            Thread.sleep(500);
            assertThat(sent).as("each command once").hasSize((int) sent.stream().map(MdmRequest::requestType).distinct().count());
        }
    }

    /** The erase flow's webhook bodies the receiver accepted, in order. */
    private static List<JsonNode> hooks(WebhookReceiver receiver) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : receiver.accepted()) {
            JsonNode body = JSON.readTree(r.body());
            if (body.has("flow")) {
                out.add(body);
            }
        }
        return out;
    }

    /** A logged-in lab page session over plain HTTP: its cookie and CSRF token. */
    private record PageSession(ServeFixture f, String cookie, String csrf) {

        static PageSession login(ServeFixture f) throws Exception {
            HttpResponse<String> form = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/login"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String formToken = between(form.body(), "name=\"csrf\" value=\"", "\"");
            String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> in = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(f.adminToken(),
                            StandardCharsets.UTF_8) + "&csrf=" + formToken)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
            String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> lab = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/lab"))).header("Cookie", cookie)
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new PageSession(f, cookie, between(lab.body(), "name=\"orchard-csrf\" content=\"", "\""));
        }

        JsonNode data(String mac) throws Exception {
            HttpResponse<String> r = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/data/machine?mac=" + mac)))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        HttpResponse<String> post(String path, boolean withCsrf) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url(path))).header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
            if (withCsrf) {
                b.header("X-Orchard-CSRF", csrf);
            }
            return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The stream's first event (the snapshot), read line by line until its blank line. */
        String firstStreamEvent() throws Exception {
            HttpResponse<java.io.InputStream> r = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/stream")))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                StringBuilder event = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        event.append(line.substring(6));
                    } else if (line.isEmpty() && event.length() > 0) {
                        return event.toString();
                    }
                }
                throw new AssertionError("the stream ended");
            }
        }

        private static String between(String s, String from, String to) {
            int i = s.indexOf(from) + from.length();
            return s.substring(i, s.indexOf(to, i));
        }
    }
}
