package dev.orchard.agent.identity;

import dev.orchard.agent.exec.CommandResult;
import dev.orchard.agent.testing.RecordingExecutor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Mac's identity from (recorded) ioreg, sysctl and ifconfig output. */
class MacIdentityProbeTest {

    static String recorded(String name) {
        try (var in = MacIdentityProbeTest.class.getResourceAsStream("/macos/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordingExecutor mac() {
        return new RecordingExecutor()
                .answer(List.of("ioreg"), c -> CommandResult.ok(recorded("ioreg-platform.txt")))
                .answer(List.of("sysctl"), c -> CommandResult.ok(recorded("sysctl-hw-model.txt")))
                .answer(List.of("ifconfig", "en0"), c -> CommandResult.ok(recorded("ifconfig-en0.txt")));
    }

    @Test
    void readsSerialModelAndMacFromTheSystem() {
        RecordingExecutor executor = mac();

        MachineIdentity id = new MacIdentityProbe(executor, "en0").probe();

        assertThat(id).isEqualTo(new MachineIdentity("00:1b:63:84:45:e6", "C02XK0AAJG5J", "iMac18,1"));
        assertThat(executor.argvs()).containsExactly(List.of("ioreg", "-c", "IOPlatformExpertDevice", "-d", "2"),
                List.of("sysctl", "-n", "hw.model"), List.of("ifconfig", "en0"));
    }

    @Test
    void parsesEachOutputOnItsOwn() {
        assertThat(MacIdentityProbe.serial(recorded("ioreg-platform.txt"))).contains("C02XK0AAJG5J");
        assertThat(MacIdentityProbe.ioregModel(recorded("ioreg-platform.txt"))).contains("iMac18,1");
        assertThat(MacIdentityProbe.model("iMac18,1\n")).contains("iMac18,1");
        assertThat(MacIdentityProbe.model("sysctl: unknown oid 'hw.model'")).isEmpty();
        assertThat(MacIdentityProbe.mac("\tether 0:1b:63:4:45:e6 \n")).contains("00:1b:63:04:45:e6");
        assertThat(MacIdentityProbe.mac("lo0: flags=8049<UP,LOOPBACK>\n\tinet 127.0.0.1\n")).isEmpty();
    }

    @Test
    void aMacWithoutEtherAddressIsAClearError() {
        RecordingExecutor executor = mac().answer(List.of("ifconfig"), c -> CommandResult.ok("en0: flags=8822<BROADCAST>\n"));

        assertThatThrownBy(() -> new MacIdentityProbe(executor, "en0").probe()).isInstanceOf(IdentityException.class)
                .hasMessage("ifconfig en0 shows no ether address");
    }

    @Test
    void macAddressesAreNormalisedOrRejected() {
        assertThat(MachineIdentity.normalizeMac("00-1B-63-84-45-E6")).isEqualTo("00:1b:63:84:45:e6");
        assertThat(MachineIdentity.normalizeMac("001b638445e6")).isEqualTo("00:1b:63:84:45:e6");
        assertThatThrownBy(() -> MachineIdentity.normalizeMac("00:1b:63")).hasMessageContaining("'00:1b:63' is not a MAC address");
        assertThatThrownBy(() -> MachineIdentity.normalizeMac("zz:1b:63:84:45:e6")).isInstanceOf(IllegalArgumentException.class);
    }
}
