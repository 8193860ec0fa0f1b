package dev.orchard.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchard.agent.cli.AgentArguments;
import dev.orchard.agent.exec.CommandResult;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.EventBody;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.RecordingExecutor;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The macOS backend without a Mac: every command goes to a recording executor, which answers with
 * recorded macOS output (test resources), and the command lines are compared, argument by argument,
 * with the ones docs/agent.md documents. Bytes still really move: the plan, images and payloads come
 * from the stand-in server, and a block restore writes a file standing in for {@code /dev/rdisk0}.
 */
@Timeout(120)
class MacBackendIT {

    static final String MAC = "00:1b:63:84:45:e6";

    @TempDir
    Path work;
    Path volume;
    OrchardServer server;
    RecordingExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        server = new OrchardServer(1 << 20);
        volume = Files.createDirectories(work.resolve("Volumes/Macintosh HD"));
        executor = new RecordingExecutor()
                .answer(List.of("diskutil", "info", "-plist"), c -> CommandResult.ok(recorded("diskutil-info-volume.plist")
                        .replace("@MOUNT@", volume.toString())));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static String recorded(String name) {
        try (var in = MacBackendIT.class.getResourceAsStream("/macos/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AgentOptions.Builder mac() {
        return Agents.generic(server.uri(), MAC, work).backend(AgentOptions.BackendKind.MACOS).target("disk0");
    }

    private AgentEnvironment env(Path rawDisk) {
        return Agents.collecting(Agents.lines()).withExecutor(executor).withRawDevice(disk -> rawDisk);
    }

    private List<String> trail() {
        return server.events().stream().filter(e -> !e.result().equals("progress")).map(EventBody::label)
                .collect(Collectors.toList());
    }

    @Test
    void asrRestoreErasesRestoresFromTheServerUrlBlessesHandsOffAndRestarts() throws Exception {
        Path image = Hashes.randomFile(work.resolve("lab.dmg"), 1 << 20, 1);
        ServedImage served = server.addImage("lab.dmg", image, 1 << 20);
        ObjectNode plan = Plans.restore(MAC, served, "asr").put("reboot", true);
        Plans.script(Plans.workflow(plan, "lab"), "hello", "echo hello\n");
        server.plan(MAC, plan);
        executor.answer(List.of("asr"), c -> CommandResult.ok("PSBegin\nPSProgress 10\nPSProgress 100\nPSEnd\n"));

        AgentResult result = Agent.run(mac().build(), env(null));

        assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
        assertThat(executor.argvs()).containsExactly(
                List.of("diskutil", "eraseDisk", "APFS", "Macintosh HD", "GPT", "disk0"),
                List.of("diskutil", "info", "-plist", "/Volumes/Macintosh HD"),
                List.of("asr", "restore", "--source", server.uri() + "/images/lab.dmg", "--target", "/dev/disk1s1",
                        "--erase", "--noprompt", "--puppetstrings"),
                List.of("diskutil", "info", "-plist", "/dev/disk1s1"),
                List.of("bless", "--mount", volume.toString(), "--setBoot"),
                List.of("shutdown", "-r", "now"));
        assertThat(Files.readString(volume.resolve("Library/Orchard/handoff.json")))
                .contains("\"mode\" : \"thin\"").contains("\"after\" : \"restore\"").contains("\"mac\" : \"" + MAC + "\"")
                .contains("\"work\" : \"/Library/Orchard/work\"");
        assertThat(trail()).containsExactly("plan:succeeded", "erase:started", "erase:succeeded", "restore:started",
                "restore:succeeded", "verify:started", "verify:succeeded", "workflow:started", "bless:started",
                "bless:succeeded", "reboot:started", "done:succeeded");
        assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).isEqualTo("asr 100%"));
    }

    @Test
    void blockRestoreUnmountsWritesTheRawDiskVerifiedThenMountsAndBlesses() throws Exception {
        Path image = Hashes.randomFile(work.resolve("lab.img"), 8 << 20, 2);
        ServedImage served = server.addImage("lab.img", image, 1 << 20);
        server.plan(MAC, Plans.restore(MAC, served, "block"));
        Path rawDisk = work.resolve("rdisk0");

        AgentResult result = Agent.run(mac().build(), env(rawDisk));

        assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
        assertThat(Hashes.sha256(rawDisk)).isEqualTo(served.sha256());
        assertThat(executor.argvs()).containsExactly(
                List.of("diskutil", "info", "-plist", "disk0"),
                List.of("diskutil", "unmountDisk", "force", "disk0"),
                List.of("diskutil", "mountDisk", "disk0"),
                List.of("diskutil", "info", "-plist", "/Volumes/Macintosh HD"),
                List.of("bless", "--mount", volume.toString(), "--setBoot"));
        assertThat(trail()).containsExactly("plan:succeeded", "erase:started", "erase:succeeded", "restore:started",
                "restore:succeeded", "verify:started", "verify:succeeded", "bless:started", "bless:succeeded",
                "reboot:skipped", "done:succeeded");
    }

    @Test
    void aBlockRestoreOntoADiskTooSmallFailsBeforeWriting() throws Exception {
        Path image = Hashes.randomFile(work.resolve("lab.img"), 8 << 20, 2);
        server.plan(MAC, Plans.restore(MAC, server.addImage("lab.img", image, 1 << 20), "block"));
        executor.answer(List.of("diskutil", "info", "-plist", "disk0"), c -> CommandResult.ok(recorded("diskutil-info-volume.plist")
                .replace("500068036608", String.valueOf(4 << 20))));

        AgentResult result = Agent.run(mac().build(), env(work.resolve("rdisk0")));

        assertThat(result.status()).isEqualTo(ExitStatus.TARGET);
        assertThat(result.message()).isEqualTo("disk0 holds 4194304 bytes, the image needs 8388608");
        assertThat(executor.argvs()).containsExactly(List.of("diskutil", "info", "-plist", "disk0"));
        assertThat(work.resolve("rdisk0")).doesNotExist();
    }

    @Test
    void installDownloadsVerifiedBuildsTheHandOffPackageAndRunsStartosinstall() throws Exception {
        Path installer = Hashes.randomFile(work.resolve("Install-macOS.dmg"), 2_000_000, 3);
        Path firstBoot = Hashes.randomFile(work.resolve("orchard-first-boot.pkg"), 40_000, 4);
        ObjectNode plan = Plans.install(MAC, "/payloads/Install-macOS.dmg", Files.size(installer),
                server.addPayload("Install-macOS.dmg", installer), "/payloads/orchard-first-boot.pkg", Files.size(firstBoot),
                server.addPayload("orchard-first-boot.pkg", firstBoot)).put("reboot", true);
        Plans.script(Plans.workflow(plan, "lab"), "hello", "echo hello\n");
        server.plan(MAC, plan);
        Path mount = work.resolve("installer-volume");
        Path tool = mount.resolve("Install macOS Ventura.app/Contents/Resources/startosinstall");
        executor.answer(List.of("hdiutil", "attach"), c -> {
            try {
                Files.createDirectories(tool.getParent());
                Files.writeString(tool, "#!/bin/sh\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return CommandResult.ok("/dev/disk3\tGUID_partition_scheme\n/dev/disk3s1\tApple_HFS\t" + mount + "\n");
        });
        executor.answer(List.of(tool.toString()), c -> CommandResult.ok("Preparing to run macOS Installer...\nPreparing: 50.0%\nPreparing: 100.0%\n"));

        AgentResult result = Agent.run(mac().build(), env(null));

        assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
        assertThat(executor.argvs()).containsExactly(
                List.of("diskutil", "eraseDisk", "APFS", "Macintosh HD", "GPT", "disk0"),
                List.of("pkgbuild", "--root", work.resolve("handoff-root").toString(), "--identifier", "dev.orchard.agent.handoff",
                        "--version", "1", "--install-location", "/", work.resolve("orchard-handoff-component.pkg").toString()),
                List.of("productbuild", "--package", work.resolve("orchard-handoff-component.pkg").toString(),
                        work.resolve("orchard-handoff.pkg").toString()),
                List.of("hdiutil", "attach", work.resolve("installer/Install-macOS.dmg").toString(), "-nobrowse", "-noverify",
                        "-mountpoint", mount.toString()),
                List.of(tool.toString(), "--agreetolicense", "--nointeraction", "--volume", "/Volumes/Macintosh HD",
                        "--installpackage", work.resolve("installer/first-boot.pkg").toString(),
                        "--installpackage", work.resolve("orchard-handoff.pkg").toString()));
        assertThat(Hashes.sha256(work.resolve("installer/Install-macOS.dmg"))).isEqualTo(Hashes.sha256(installer));
        assertThat(Hashes.sha256(work.resolve("installer/first-boot.pkg"))).isEqualTo(Hashes.sha256(firstBoot));
        assertThat(Files.readString(work.resolve("handoff-root/Library/Orchard/handoff.json")))
                .contains("\"server\" : \"" + server.uri() + "\"").contains("\"after\" : \"install\"").contains("\"mode\" : \"thin\"");
        assertThat(trail()).containsExactly("plan:succeeded", "erase:started", "erase:succeeded", "install:started",
                "install:succeeded", "workflow:started", "bless:skipped", "reboot:skipped", "done:succeeded");
        assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).isEqualTo("startosinstall 100%"));
    }

    @Test
    void thinModeOnFirstBootInstallsPackagesProfilesNamesAndLocalizesTheRunningMac() throws Exception {
        Path pkg = Hashes.randomFile(work.resolve("munkitools.pkg"), 100_000, 5);
        Path profile = Files.writeString(work.resolve("wifi.mobileconfig"), "<plist/>\n");
        ObjectNode plan = Plans.install(MAC, "/payloads/unused.dmg", 1, "a".repeat(64), "/payloads/unused.pkg", 1, "b".repeat(64))
                .put("reboot", true);
        ArrayNode steps = Plans.workflow(plan, "lab-standard");
        Plans.payloadStep(steps, "package", "munki-tools", "/payloads/munkitools.pkg", server.addPayload("munkitools.pkg", pkg), Files.size(pkg));
        Plans.script(steps, "hello", "echo hello C02XK0AAJG5J\n");
        Plans.payloadStep(steps, "profile", "wifi", "/payloads/wifi.mobileconfig", server.addPayload("wifi.mobileconfig", profile), Files.size(profile));
        Plans.computerName(steps, "lab C02XK0AAJG5J (art)");
        Plans.localize(steps);
        server.plan(MAC, plan);
        executor.answer(List.of("sw_vers"), c -> CommandResult.ok("10.15.7\n"));
        Path handOff = work.resolve("handoff.json");
        Files.writeString(handOff, "{\"version\":1,\"server\":\"" + server.uri() + "\",\"mac\":\"" + MAC
                + "\",\"serial\":\"C02XK0AAJG5J\",\"model\":\"iMac18,1\",\"mode\":\"thin\",\"after\":\"install\",\"work\":\""
                + work.resolve("firstboot") + "\"}");
        AgentOptions options = AgentArguments.parse(List.of("--handoff", handOff.toString(), "--backend", "macos",
                "--retry-delay", "50ms")).options();
        Path w = work.resolve("firstboot");

        AgentResult result = Agent.run(options, env(null));

        assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
        assertThat(executor.argvs()).containsExactly(
                List.of("installer", "-pkg", w.resolve("payloads/01-munki-tools.pkg").toString(), "-target", "/"),
                List.of("/bin/sh", w.resolve("scripts/02-hello").toString()),
                List.of("sw_vers", "-productVersion"),
                List.of("profiles", "install", "-path", w.resolve("payloads/03-wifi.mobileconfig").toString()),
                List.of("scutil", "--set", "ComputerName", "lab C02XK0AAJG5J (art)"),
                List.of("scutil", "--set", "LocalHostName", "lab-C02XK0AAJG5J-art"),
                List.of("scutil", "--set", "HostName", "lab-C02XK0AAJG5J-art"),
                List.of("systemsetup", "-settimezone", "Europe/Paris"),
                List.of("languagesetup", "-langspec", "en"),
                List.of("defaults", "write", "/Library/Preferences/.GlobalPreferences", "AppleLocale", "-string", "en_US"),
                List.of("defaults", "write", "/Library/Preferences/com.apple.HIToolbox", "AppleCurrentKeyboardLayoutInputSourceID",
                        "-string", "com.apple.keylayout.US"),
                List.of("shutdown", "-r", "now"));
        assertThat(executor.commands().get(1).env()).containsEntry("ORCHARD_SERIAL", "C02XK0AAJG5J")
                .containsEntry("ORCHARD_MAC", MAC).containsEntry("ORCHARD_MODEL", "iMac18,1")
                .containsEntry("ORCHARD_NAME", "lab-C02XK0AAJG5J").containsEntry("ORCHARD_SERVER", server.uri().toString());
        assertThat(trail()).startsWith("plan:succeeded", "install:succeeded", "workflow:started").endsWith("workflow:succeeded",
                "reboot:started", "done:succeeded");
        assertThat(handOff).as("a successful first-boot run uses its hand-off up (before restarting)").doesNotExist();
    }

    @Test
    void onMacOs11AndLaterAProfileStepIsSkippedWithTheReason() throws Exception {
        Path profile = Files.writeString(work.resolve("wifi.mobileconfig"), "<plist/>\n");
        ObjectNode plan = Plans.base(MAC, "thin");
        Plans.payloadStep(Plans.workflow(plan, "lab"), "profile", "wifi", "/payloads/wifi.mobileconfig",
                server.addPayload("wifi.mobileconfig", profile), Files.size(profile));
        server.plan(MAC, plan);
        executor.answer(List.of("sw_vers"), c -> CommandResult.ok("13.6.1\n"));

        AgentResult result = Agent.run(mac().mode(AgentOptions.Mode.THIN).build(), env(null));

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(executor.argvs()).containsExactly(List.of("sw_vers", "-productVersion"));
        assertThat(server.events()).anySatisfy(e -> {
            assertThat(e.label()).isEqualTo("workflow/profile:wifi:skipped");
            assertThat(e.message()).contains("macOS 13.6.1").contains("MDM");
        });
    }

    @Test
    void aFailingSystemCommandFailsItsStageQuotingTheCommandAndItsOutput() throws Exception {
        Path image = Hashes.randomFile(work.resolve("lab.dmg"), 1 << 20, 1);
        server.plan(MAC, Plans.restore(MAC, server.addImage("lab.dmg", image, 1 << 20), "asr"));
        executor.answer(List.of("diskutil", "eraseDisk"), c -> new CommandResult(1, "Error: -69877: Couldn't open device\n", false));

        AgentResult result = Agent.run(mac().build(), env(null));

        assertThat(result.status()).isEqualTo(ExitStatus.SYSTEM_COMMAND);
        assertThat(result.summary()).contains("exit=9 reason=system-command-failed action=restore stage=erase");
        assertThat(executor.argvs()).hasSize(1);
        assertThat(server.events()).anySatisfy(e -> {
            assertThat(e.label()).isEqualTo("erase:failed");
            assertThat(e.message()).isEqualTo("diskutil eraseDisk APFS 'Macintosh HD' GPT disk0 failed (exit 1): Error: -69877: Couldn't open device");
        });
    }
}
