package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.testkit.Netns;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may have a plan, on a real (virtual) Ethernet (docs/agent-api.md, "Who may have a plan"): the
 * server ({@code orchard serve}, a child JVM) in one network namespace, a Mac whose card has its MAC in
 * another, and an attacker on the same bridge. The attacker netboots "as" the Mac over BSDP (spoofed
 * {@code chaddr}, from its own address, with scapy) and asks for the Mac's plan: refused, because the
 * server's kernel resolved the request's address to the attacker's card. The real Mac netboots and is
 * served; the attacker can neither claim that boot's plan nor post events with a forged token.
 *
 * <pre>
 *   srv 10.79.0.1 (orchard serve)   mac 10.79.0.11 (card 00:1b:63:00:79:01)   attacker 10.79.0.66
 * </pre>
 */
class AdmissionNetnsIT {

    private static final String VICTIM = "00:1b:63:00:79:01";
    private static final String MODEL = "iMac18,3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aHostThatNetbootsAsAnotherMacCannotHaveItsPlanOrForgeItsEvents() throws Exception {
        Peers.requireRoot("network namespaces, ports 67, 68 and 80");
        Peers.require("ip");
        Path curl = Peers.require("curl");
        Path python = Path.of("/usr/bin/python3");
        LabFixture fixture = LabFixture.write(dir.resolve("setup"), 1 << 20, 100_003, """
                server:
                  advertise_address: 10.79.0.1
                  data_dir: data
                  bsdp: {address: 0.0.0.0, port: 67}
                  tftp: {address: 0.0.0.0, port: 69}
                  http: {address: 0.0.0.0, port: 80}
                """);
        String script = script();
        try (Netns lab = Netns.create()) {
            Netns.Host srv = lab.host("srv", "10.79.0.1/24");
            Netns.Host mac = lab.host("mac", "10.79.0.11/24");
            mac.hardwareAddress(VICTIM);
            Netns.Host attacker = lab.host("atk", "10.79.0.66/24");

            Path serverLog = dir.resolve("server.log");
            List<String> serve = new ArrayList<>(List.of("env", "ORCHARD_ADMIN_TOKEN=" + LabFixture.ADMIN_TOKEN));
            serve.addAll(ChildJvm.orchard("serve", "--config", fixture.config().toString()));
            Process server = srv.start(serve, serverLog);
            ChildJvm.awaitLine(server, serverLog, "orchard serve: ready", Duration.ofSeconds(90));

            // the attacker netboots as the victim from its own address: BSDP answers (it cannot know better)…
            JsonNode spoofed = netboot(attacker, python, script, "10.79.0.66", VICTIM);
            assertThat(spoofed.get("bsdp_type").asInt()).as("ACK[SELECT]").isEqualTo(2);
            // …but the plan request comes from the attacker's card
            Answer stolen = get(attacker, curl, "/api/v1/plan?mac=" + VICTIM + "&model=" + MODEL, "X-Orchard-Claim: thief");
            assertThat(stolen.status()).as(stolen.body()).isEqualTo(403);
            assertThat(stolen.body()).contains("10.79.0.66 is the address of network card").contains("not of " + VICTIM)
                    .doesNotContain("lab-base");

            // the real Mac netboots and its agent is let in
            netboot(mac, python, script, "10.79.0.11", VICTIM);
            Answer plan = get(mac, curl, "/api/v1/plan?mac=" + VICTIM + "&model=" + MODEL, "X-Orchard-Claim: the-agent");
            assertThat(plan.status()).as(plan.body()).isEqualTo(200);
            JsonNode p = JSON.readTree(plan.body());
            assertThat(p.get("action").asText()).isEqualTo("restore");
            String token = p.get("token").asText();

            // the attacker can neither claim that boot, nor post events without the token…
            assertThat(get(attacker, curl, "/api/v1/plan?mac=" + VICTIM, "X-Orchard-Claim: thief").status()).isEqualTo(403);
            String event = "{\"seq\":1,\"stage\":\"done\",\"result\":\"succeeded\",\"message\":\"forged\"}";
            String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "AB" : "AA");
            assertThat(post(attacker, curl, "/api/v1/machines/" + VICTIM + "/events", forged, event).status()).isEqualTo(403);
            assertThat(post(attacker, curl, "/api/v1/machines/00:1b:63:00:79:02/events", token, event).status())
                    .as("a genuine token on another Mac's path").isEqualTo(403);
            // …while the Mac's own events are accepted
            assertThat(post(mac, curl, "/api/v1/machines/" + VICTIM + "/events", token,
                    "{\"seq\":1,\"stage\":\"plan\",\"result\":\"succeeded\"}").status()).isEqualTo(202);

            String metrics = get(mac, curl, "/metrics", null).body();
            assertThat(metrics).contains("orchard_agent_admissions_total{result=\"wrong_hardware\"} 2.0")
                    .contains("orchard_agent_admissions_total{result=\"granted\"} 1.0")
                    .contains("orchard_agent_tokens_refused_total{reason=\"invalid\"} 1.0")
                    .contains("orchard_agent_tokens_refused_total{reason=\"other_machine\"} 1.0");
        }
    }

    private record Answer(int status, String body) {
    }

    private static String script() throws URISyntaxException {
        return Path.of(AdmissionNetnsIT.class.getResource("/scapy/netboot_as.py").toURI()).toString();
    }

    private static JsonNode netboot(Netns.Host host, Path python, String script, String address, String mac)
            throws Exception {
        Proc.Result r = host.exec(Duration.ofSeconds(60), python.toString(), script, "10.79.0.1", address, mac, MODEL);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.stdout().strip());
    }

    private static Answer get(Netns.Host host, Path curl, String path, String header) {
        List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "-m", "30", "-w", "\n%{http_code}"));
        if (header != null) {
            cmd.addAll(List.of("-H", header));
        }
        cmd.add("http://10.79.0.1" + path);
        return answer(host.exec(Duration.ofSeconds(40), cmd.toArray(String[]::new)));
    }

    private static Answer post(Netns.Host host, Path curl, String path, String token, String body) {
        return answer(host.exec(Duration.ofSeconds(40), curl.toString(), "-sS", "-m", "30", "-w", "\n%{http_code}",
                "-H", "Authorization: Bearer " + token, "-H", "Content-Type: application/json", "--data-binary", body,
                "http://10.79.0.1" + path));
    }

    private static Answer answer(Proc.Result r) {
        String out = r.stdout();
        int cut = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(cut + 1).strip()), out.substring(0, Math.max(cut, 0)));
    }
}
