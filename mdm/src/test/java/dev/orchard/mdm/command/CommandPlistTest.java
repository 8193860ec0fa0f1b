package dev.orchard.mdm.command;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.XMLPropertyListParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each command's plist equals its golden file under {@code src/test/resources/golden} byte for byte, and
 * every key it writes is one Apple's published schema allows for that command on macOS
 * ({@code apple-mdm-command-keys.tsv}, read from apple/device-management; the commit is in its header).
 */
class CommandPlistTest {

    static final String UUID = "0F6E4D9A-3C2B-4F1E-9D8C-7B6A5F4E3D2C";

    static final Map<String, MdmCommand> GOLDEN = Map.of(
            "erase-device-eacs.plist", EraseDevice.eacs(ObliterationBehavior.DO_NOT_OBLITERATE),
            "erase-device-pin.plist", new EraseDevice(Optional.of("042137"), Optional.empty(), false, false),
            "device-information.plist", new DeviceInformation(List.of("SerialNumber", "Model", "ModelName",
                    "OSVersion", "IsAppleSilicon", "EACSPreflight")),
            "security-info.plist", new SecurityInfo(),
            "install-enterprise-application.plist", InstallEnterpriseApplication.of(
                    URI.create("https://orchard.example/mdm/agent/manifest.plist")),
            "install-profile.plist", new InstallProfile(ProfileTest.PROFILE.xml()),
            "remove-profile.plist", new RemoveProfile(ProfileTest.PROFILE.identifier()));

    @Test
    void everyCommandIsItsGoldenFileByteForByte() {
        GOLDEN.forEach((file, command) -> assertThat(new String(CommandPlist.xml(command, UUID), StandardCharsets.UTF_8))
                .as(file).isEqualTo(resource("/golden/" + file)));
    }

    @Test
    void everyKeyWrittenIsInApplesSchemaAndAvailableOnMacOs() throws Exception {
        Map<String, String> allowed = appleKeys();
        for (Map.Entry<String, MdmCommand> g : GOLDEN.entrySet()) {
            NSDictionary top = (NSDictionary) XMLPropertyListParser.parse(CommandPlist.xml(g.getValue(), UUID));
            assertThat(top.allKeys()).as(g.getKey()).containsExactlyInAnyOrder("Command", "CommandUUID");
            NSDictionary command = (NSDictionary) top.get("Command");
            String type = command.get("RequestType").toJavaObject().toString();
            for (String key : command.allKeys()) {
                assertThat(allowed).as("%s: %s", g.getKey(), key).containsKey(type + "\t" + key);
                assertThat(allowed.get(type + "\t" + key)).as("%s: %s on macOS", g.getKey(), key).isNotEqualTo("n/a");
            }
            NSObject queries = command.get("Queries");
            if (queries instanceof NSArray a) {
                for (NSObject q : a.getArray()) {
                    String key = type + "\tQueries/" + q.toJavaObject();
                    assertThat(allowed).as("query %s", q).containsKey(key);
                    assertThat(allowed.get(key)).as("query %s on macOS", q).isNotEqualTo("n/a");
                }
            }
        }
    }

    @Test
    void keysAppleMarksNotForMacOsAreRecognised() {
        Map<String, String> allowed = appleKeys();
        assertThat(allowed.get("EraseDevice\tPreserveDataPlan")).isEqualTo("n/a");
        assertThat(allowed.get("EraseDevice\tDisallowProximitySetup")).isEqualTo("n/a");
        EraseDevice iosOnly = new EraseDevice(Optional.empty(), Optional.empty(), true, true);
        assertThat(iosOnly.forMac()).isFalse();
        assertThat(iosOnly.fields()).containsOnlyKeys("PreserveDataPlan", "DisallowProximitySetup");
        assertThat(EraseDevice.eacs(ObliterationBehavior.ALWAYS).forMac()).isTrue();
    }

    @Test
    void pinIsSixDigits() {
        for (String bad : List.of("12345", "1234567", "12345a", "١٢٣٤٥٦", "")) {
            assertThatThrownBy(() -> new EraseDevice(Optional.of(bad), Optional.empty(), false, false))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("six digits");
        }
    }

    @Test
    void obliterationBehaviourTakesOnlyApplesSpelling() {
        assertThat(ObliterationBehavior.of("ObliterateWithWarning")).isEqualTo(ObliterationBehavior.OBLITERATE_WITH_WARNING);
        assertThatThrownBy(() -> ObliterationBehavior.of("always")).hasMessageContaining("Default, DoNotObliterate");
    }

    @Test
    void manifestUrlMustBeHttps() {
        assertThatThrownBy(() -> InstallEnterpriseApplication.of(URI.create("http://orchard.example/m.plist")))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> InstallEnterpriseApplication.of(URI.create("/m.plist"))).hasMessageContaining("https");
    }

    @Test
    void pinningCertsAndManagedInstallAreWrittenWhenAsked() throws Exception {
        byte[] der = {0x30, (byte) 0x82, 0x01, 0x0a};
        var cmd = new InstallEnterpriseApplication(URI.create("https://o.example/m.plist"), List.of(der), true);
        NSDictionary inner = (NSDictionary) ((NSDictionary) XMLPropertyListParser.parse(CommandPlist.xml(cmd, UUID)))
                .get("Command");
        assertThat(inner.allKeys()).containsExactly("RequestType", "ManifestURL", "ManifestURLPinningCerts",
                "InstallAsManaged");
        assertThat((byte[]) ((NSArray) inner.get("ManifestURLPinningCerts")).getArray()[0].toJavaObject()).isEqualTo(der);
        der[0] = 0; // the command kept its own copy
        assertThat(cmd.pinningCerts().get(0)[0]).isEqualTo((byte) 0x30);
    }

    @Test
    void commandUuidAndQueriesAreChecked() {
        assertThatThrownBy(() -> CommandPlist.xml(new SecurityInfo(), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandPlist.xml(new SecurityInfo(), "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceInformation(List.of())).hasMessageContaining("Queries is required");
        assertThatThrownBy(() -> new DeviceInformation(List.of("Serial Number"))).hasMessageContaining("query name");
    }

    /** {@code RequestType<TAB>key} → macOS version it was introduced in, or {@code n/a}. */
    static Map<String, String> appleKeys() {
        Map<String, String> out = new HashMap<>();
        for (String line : resource("/apple-mdm-command-keys.tsv").split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.put(f[0] + "\t" + f[1], f[2]);
        }
        return out;
    }

    static String resource(String name) {
        try (InputStream in = CommandPlistTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
