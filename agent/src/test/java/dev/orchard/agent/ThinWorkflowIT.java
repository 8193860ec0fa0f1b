package dev.orchard.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.EventBody;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The thin workflow on the generic backend: order, variables, failures, verification, idempotent re-runs. */
@Timeout(120)
class ThinWorkflowIT {

    static final String MAC = "00:1b:63:84:45:e8";

    private static AgentOptions.Builder thin(OrchardServer server, Path work) {
        return Agents.generic(server.uri(), MAC, work).serial("C02XK0AAJG5J").model("iMac18,1");
    }

    private static List<String> trail(OrchardServer server, int from) {
        return server.events().subList(from, server.events().size()).stream()
                .filter(e -> !e.result().equals("progress")).map(EventBody::label).collect(Collectors.toList());
    }

    @Test
    void stepsRunInOrderWithTheirVariablesAndAReRunSkipsWhatIsDone(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            Path pkg = Hashes.randomFile(work.resolve("munkitools.pkg"), 300_000, 1);
            Path profile = Files.writeString(work.resolve("wifi.mobileconfig"), "<plist>wifi</plist>\n");
            String pkgSha = server.addPayload("munkitools.pkg", pkg);
            String profileSha = server.addPayload("wifi.mobileconfig", profile);
            ObjectNode plan = Plans.base(MAC, "thin");
            ArrayNode steps = Plans.workflow(plan, "lab-standard");
            Plans.payloadStep(steps, "package", "munki-tools", "/payloads/munkitools.pkg", pkgSha, Files.size(pkg));
            Plans.script(steps, "first", "#!/bin/sh\necho \"first $ORCHARD_SERIAL $ORCHARD_MODEL $ORCHARD_MAC $ORCHARD_NAME $ORCHARD_SERVER hello C02XK0AAJG5J\" >> \"$ORCHARD_SANDBOX/order.log\"\necho ran first\n");
            Plans.script(steps, "second", "echo second >> \"$ORCHARD_SANDBOX/order.log\"\n");
            Plans.payloadStep(steps, "profile", "wifi", "/payloads/wifi.mobileconfig", profileSha, Files.size(profile));
            Plans.computerName(steps, "lab-C02XK0AAJG5J");
            Plans.localize(steps);
            server.plan(MAC, plan);
            Path sandbox = work.resolve("sandbox");

            AgentResult first = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(first.status()).as(first.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Files.readAllLines(sandbox.resolve("order.log"))).containsExactly(
                    "first C02XK0AAJG5J iMac18,1 " + MAC + " lab-C02XK0AAJG5J " + server.uri() + " hello C02XK0AAJG5J", "second");
            assertThat(Hashes.sha256(sandbox.resolve("packages/01-munki-tools.pkg"))).isEqualTo(pkgSha);
            assertThat(Hashes.sha256(sandbox.resolve("profiles/04-wifi.mobileconfig"))).isEqualTo(profileSha);
            assertThat(Files.readString(sandbox.resolve("computer-name"))).isEqualTo("lab-C02XK0AAJG5J\n");
            assertThat(Files.readString(sandbox.resolve("localize.json"))).contains("\"timezone\" : \"Europe/Paris\"")
                    .contains("\"keyboard\" : \"U.S.\"").contains("\"locale\" : \"en_US\"").contains("\"language\" : \"en\"");
            assertThat(trail(server, 0)).containsExactly("plan:succeeded", "workflow:started",
                    "workflow/package:munki-tools:started", "workflow/package:munki-tools:succeeded",
                    "workflow/script:first:started", "workflow/script:first:succeeded",
                    "workflow/script:second:started", "workflow/script:second:succeeded",
                    "workflow/profile:wifi:started", "workflow/profile:wifi:succeeded",
                    "workflow/computer_name:computer-name:started", "workflow/computer_name:computer-name:succeeded",
                    "workflow/localize:localize:started", "workflow/localize:localize:succeeded",
                    "workflow:succeeded", "reboot:skipped", "done:succeeded");
            assertThat(server.events()).anySatisfy(e -> {
                assertThat(e.step()).isEqualTo("script:first");
                assertThat(e.result()).isEqualTo("succeeded");
                assertThat(e.message()).contains("ran first");
            });

            int before = server.events().size();
            AgentResult again = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(again.status()).isEqualTo(ExitStatus.OK);
            assertThat(Files.readAllLines(sandbox.resolve("order.log"))).hasSize(2);
            assertThat(trail(server, before)).containsExactly("plan:succeeded", "workflow:started",
                    "workflow/package:munki-tools:skipped", "workflow/script:first:skipped", "workflow/script:second:skipped",
                    "workflow/profile:wifi:skipped", "workflow/computer_name:computer-name:skipped",
                    "workflow/localize:localize:skipped", "workflow:succeeded", "reboot:skipped", "done:succeeded");

            ((ObjectNode) steps.get(2)).put("content", "echo second-changed >> \"$ORCHARD_SANDBOX/order.log\"\n");
            server.plan(MAC, plan);
            AgentResult changed = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(changed.status()).isEqualTo(ExitStatus.OK);
            assertThat(Files.readAllLines(sandbox.resolve("order.log"))).as("only the changed step runs again")
                    .containsExactly(Files.readAllLines(sandbox.resolve("order.log")).get(0), "second", "second-changed");
        }
    }

    @Test
    void aFailingStepStopsTheWorkflowAndIsReportedWithItsOutput(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            ObjectNode plan = Plans.base(MAC, "thin");
            ArrayNode steps = Plans.workflow(plan, "lab-standard");
            Plans.script(steps, "one", "touch \"$ORCHARD_SANDBOX/one\"\n");
            Plans.script(steps, "boom", "echo about to fail\necho disk on fire >&2\nexit 3\n");
            Plans.script(steps, "never", "touch \"$ORCHARD_SANDBOX/never\"\n");
            server.plan(MAC, plan);

            AgentResult result = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(result.status()).isEqualTo(ExitStatus.WORKFLOW);
            assertThat(result.summary()).contains("result=failed exit=10 reason=workflow-failed action=thin stage=workflow")
                    .contains("step script:boom failed: exit 3");
            assertThat(work.resolve("sandbox/one")).exists();
            assertThat(work.resolve("sandbox/never")).doesNotExist();
            assertThat(server.events()).anySatisfy(e -> {
                assertThat(e.label()).isEqualTo("workflow/script:boom:failed");
                assertThat(e.message()).contains("exit 3").contains("about to fail").contains("disk on fire");
            });
            assertThat(trail(server, 0)).containsExactly("plan:succeeded", "workflow:started",
                    "workflow/script:one:started", "workflow/script:one:succeeded",
                    "workflow/script:boom:started", "workflow/script:boom:failed", "workflow:failed", "done:failed");
        }
    }

    @Test
    void aPackageWithTheWrongSha256FailsItsStepAfterOneMoreFetch(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            Path pkg = Hashes.randomFile(work.resolve("tool.pkg"), 100_000, 2);
            server.addPayload("tool.pkg", pkg);
            ObjectNode plan = Plans.base(MAC, "thin");
            ArrayNode steps = Plans.workflow(plan, "lab-standard");
            String wrong = "0".repeat(64);
            Plans.payloadStep(steps, "package", "tool", "/payloads/tool.pkg", wrong, Files.size(pkg));
            Plans.script(steps, "after", "touch \"$ORCHARD_SANDBOX/after\"\n");
            server.plan(MAC, plan);

            AgentResult result = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(result.status()).isEqualTo(ExitStatus.WORKFLOW);
            assertThat(server.events()).anySatisfy(e -> {
                assertThat(e.label()).isEqualTo("workflow/package:tool:failed");
                assertThat(e.message()).contains("sha256 is " + Hashes.sha256(pkg)).contains("expected " + wrong).contains("fetched twice");
            });
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("fetching it once more"));
            assertThat(work.resolve("sandbox/packages")).doesNotExist();
            assertThat(work.resolve("sandbox/after")).doesNotExist();
        }
    }

    @Test
    void aScriptOverItsTimeLimitIsKilledAndFailsItsStep(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            ObjectNode plan = Plans.base(MAC, "thin");
            ArrayNode steps = Plans.workflow(plan, "lab-standard");
            Plans.script(steps, "slow", "echo started\nsleep 60\n").put("timeoutSeconds", 1);
            server.plan(MAC, plan);

            AgentResult result = Agent.run(thin(server, work).build(), Agents.collecting(Agents.lines()));

            assertThat(result.status()).isEqualTo(ExitStatus.WORKFLOW);
            assertThat(result.elapsed().toSeconds()).isLessThan(30);
            assertThat(server.events()).anySatisfy(e -> {
                assertThat(e.label()).isEqualTo("workflow/script:slow:failed");
                assertThat(e.message()).contains("timed out after 1 s").contains("started");
            });
        }
    }

    @Test
    void aGenericInstallWritesTheVerifiedInstallerToTheTargetHandsOffAndRunsTheWorkflow(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            Path installer = Hashes.randomFile(work.resolve("Install-macOS.dmg"), 5_000_000, 5);
            Path firstBoot = Hashes.randomFile(work.resolve("first-boot.pkg"), 50_000, 6);
            String installerSha = server.addPayload("Install-macOS.dmg", installer);
            String firstBootSha = server.addPayload("first-boot.pkg", firstBoot);
            ObjectNode plan = Plans.install(MAC, "/payloads/Install-macOS.dmg", Files.size(installer), installerSha,
                    "/payloads/first-boot.pkg", Files.size(firstBoot), firstBootSha);
            Plans.script(Plans.workflow(plan, "after-install"), "mark", "touch \"$ORCHARD_SANDBOX/installed\"\n");
            server.plan(MAC, plan);
            Path target = Files.writeString(work.resolve("disk"), "x".repeat(6_000_000));

            AgentResult result = Agent.run(thin(server, work).target(target.toString()).build(), Agents.collecting(Agents.lines()));

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Hashes.sha256(target)).as("the installer, exactly (a longer old file is cut)").isEqualTo(installerSha);
            assertThat(Hashes.sha256(work.resolve("sandbox/firstboot/first-boot.pkg"))).isEqualTo(firstBootSha);
            assertThat(Files.readString(work.resolve("sandbox/handoff.json"))).contains("\"server\" : \"" + server.uri() + "\"")
                    .contains("\"mac\" : \"" + MAC + "\"").contains("\"mode\" : \"thin\"").contains("\"after\" : \"install\"");
            assertThat(work.resolve("sandbox/installed")).exists();
            assertThat(trail(server, 0)).containsExactly("plan:succeeded", "erase:skipped", "install:started", "install:succeeded",
                    "workflow:started", "workflow/script:mark:started", "workflow/script:mark:succeeded", "workflow:succeeded",
                    "bless:skipped", "reboot:skipped", "done:succeeded");
        }
    }
}
