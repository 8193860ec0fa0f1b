package dev.orchard.mdm.command;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.XMLPropertyListParser;
import dev.orchard.mdm.profile.ManagedPreferencesProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's enrollment profile ({@link ManagedPreferencesProfile}) equals its golden file byte for byte, carries
 * every key Apple's schema requires of a profile and of its payload, only keys the schema knows on macOS, and the
 * values Apple's schema fixes ({@code PayloadType} Configuration, {@code PayloadVersion} 1, the
 * {@code com.apple.ManagedClient.preferences} shape {@code domain → Forced → [mcx_preference_settings]});
 * and InstallProfile carries it unchanged as its {@code Payload} data.
 */
class ProfileTest {

    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("ServerURL", "https://orchard.example:8443");
        SETTINGS.put("EnrollmentCode", "K7Q2-XW9P-3MZD-8RTA");
    }

    static final ManagedPreferencesProfile PROFILE = new ManagedPreferencesProfile("dev.orchard.agent.enrollment",
            "6A1F3C2E-0B7D-4E59-9A86-2C4D1E0F3B71", "9E2D4B6A-8C1F-4A37-B5E0-7D3C2A1F0E94", "Orchard agent enrollment",
            "Orchard", "dev.orchard.agent", SETTINGS);

    @Test
    void theProfileIsItsGoldenFileByteForByte() {
        assertThat(new String(PROFILE.xml(), StandardCharsets.UTF_8))
                .isEqualTo(CommandPlistTest.resource("/golden/agent-enrollment-profile.mobileconfig"));
    }

    @Test
    void everyRequiredKeyIsThereAndEveryKeyIsApples() throws Exception {
        Map<String, String> top = keys("top");
        Map<String, String> payloadKeys = keys("payload");
        NSDictionary profile = (NSDictionary) XMLPropertyListParser.parse(PROFILE.xml());
        assertThat(profile.allKeys()).containsAll(required(top));
        assertThat(top.keySet()).containsAll(Set.of(profile.allKeys()));
        assertThat(profile.get("PayloadType").toJavaObject()).isEqualTo("Configuration");
        assertThat(profile.get("PayloadVersion").toJavaObject()).isEqualTo(1);
        assertThat(profile.get("PayloadScope").toJavaObject()).isEqualTo("System");

        NSObject[] items = ((NSArray) profile.get("PayloadContent")).getArray();
        assertThat(items).hasSize(1);
        NSDictionary payload = (NSDictionary) items[0];
        assertThat(payload.allKeys()).containsAll(required(payloadKeys));
        assertThat(payloadKeys.keySet()).containsAll(Set.of(payload.allKeys()));
        assertThat(payload.get("PayloadType").toJavaObject()).isEqualTo("com.apple.ManagedClient.preferences");
        assertThat(payload.get("PayloadVersion").toJavaObject()).isEqualTo(1);
        // CommonPayloadKeys.yaml: "usually the same as the TopLevel value, with an additional appended component"
        assertThat(payload.get("PayloadIdentifier").toJavaObject().toString()).startsWith(PROFILE.identifier() + ".");
        assertThat(payload.get("PayloadUUID")).isNotEqualTo(profile.get("PayloadUUID"));

        NSDictionary domains = (NSDictionary) payload.get("PayloadContent");
        assertThat(domains.allKeys()).containsExactly("dev.orchard.agent");
        NSDictionary domain = (NSDictionary) domains.get("dev.orchard.agent");
        assertThat(domain.allKeys()).containsExactly("Forced");
        NSObject[] forced = ((NSArray) domain.get("Forced")).getArray();
        assertThat(forced).hasSize(1);
        assertThat(((NSDictionary) forced[0]).allKeys()).containsExactly("mcx_preference_settings");
        assertThat(((NSDictionary) ((NSDictionary) forced[0]).get("mcx_preference_settings")).toJavaObject())
                .isEqualTo(SETTINGS);
    }

    @Test
    void installProfileCarriesTheProfileAsDataAndRemoveProfileNamesIt() throws Exception {
        NSDictionary cmd = (NSDictionary) ((NSDictionary) XMLPropertyListParser.parse(CommandPlist.xml(
                new InstallProfile(PROFILE.xml()), CommandPlistTest.UUID))).get("Command");
        assertThat(cmd.allKeys()).containsExactly("RequestType", "Payload");
        assertThat((byte[]) cmd.get("Payload").toJavaObject()).isEqualTo(PROFILE.xml());
        NSDictionary remove = (NSDictionary) ((NSDictionary) XMLPropertyListParser.parse(CommandPlist.xml(
                new RemoveProfile(PROFILE.identifier()), CommandPlistTest.UUID))).get("Command");
        assertThat(remove.get("Identifier").toJavaObject()).isEqualTo("dev.orchard.agent.enrollment");
        assertThatThrownBy(() -> new InstallProfile(new byte[0])).hasMessageContaining("required");
        assertThatThrownBy(() -> new RemoveProfile(" ")).hasMessageContaining("required");
        assertThatThrownBy(() -> new ManagedPreferencesProfile("agent", "u", "p", "n", "o", "dev.orchard.agent",
                SETTINGS)).hasMessageContaining("reverse-DNS");
    }

    private static List<String> required(Map<String, String> keys) {
        return keys.entrySet().stream().filter(e -> e.getValue().equals("required")).map(Map.Entry::getKey).toList();
    }

    /** key → presence, for one level of {@code apple-profile-keys.tsv}. */
    private static Map<String, String> keys(String level) {
        Map<String, String> out = new HashMap<>();
        for (String line : CommandPlistTest.resource("/apple-profile-keys.tsv").split("\n")) {
            String[] f = line.split("\t");
            if (!line.startsWith("#") && f.length == 4 && f[0].equals(level)) {
                out.put(f[1], f[2]);
            }
        }
        return out;
    }
}
