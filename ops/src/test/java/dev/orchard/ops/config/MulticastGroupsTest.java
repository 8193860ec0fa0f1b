package dev.orchard.ops.config;

import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code multicast.groups} (docs/multicast.md): a Mac in a listed group gets its restore streamed, by MAC or by
 * serial, whichever rule decided the restore; a Mac in no listed group does not, unless its policy or image is
 * listed. (An unknown group is broken configuration 260, run by BrokenConfigsTest and ValidateServeParityTest.)
 */
class MulticastGroupsTest {

    @TempDir
    Path dir;

    @Test
    void aMacInAListedGroupIsStreamedByMacOrSerialOthersAreNot() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/lab-base.img"), new byte[4096]);
        Path main = dir.resolve("orchard.yaml");
        Files.writeString(main, """
                images:
                  block_folder: images
                  block:
                    - name: lab-base
                      file: lab-base.img
                groups:
                  - name: art-room
                    mac: [00:1b:63:84:45:e6]
                    serial: [C02ART000001]
                  - name: office
                    mac: [00:1b:63:84:45:e7]
                policies:
                  - name: lab
                    action: none
                multicast:
                  group: 239.255.77.1
                  groups: [art-room]
                """);
        ConfigSnapshot s = ConfigLoader.load(main);
        MulticastConfig m = s.config().multicast();
        assertThat(m.groups()).containsExactly("art-room");
        MachineDirectory d = s.directory();
        assertThat(m.streams("lab", "lab-base", MacAddress.parse("00:1b:63:84:45:e6"), null, d)).as("by MAC").isTrue();
        assertThat(m.streams("lab", "lab-base", MacAddress.parse("00:1b:63:84:45:99"), "C02ART000001", d))
                .as("by serial").isTrue();
        assertThat(m.streams("lab", "lab-base", MacAddress.parse("00:1b:63:84:45:e7"), null, d))
                .as("a Mac of another group").isFalse();
        assertThat(m.streams("lab", "lab-base", MacAddress.parse("00:1b:63:84:45:99"), "C02OTHER0001", d))
                .as("a Mac of no group").isFalse();
    }
}
