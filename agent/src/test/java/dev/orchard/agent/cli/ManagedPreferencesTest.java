package dev.orchard.agent.cli;

import dev.orchard.agent.run.AgentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --managed-prefs}: the server URL and the one-time code come from the managed preferences that the server's
 * enrollment profile leaves on an erased Mac (an XML plist as macOS writes for {@code dev.orchard.agent}); explicit
 * flags win; a file without them, or not a plist, is a usage error naming it; no entity is ever expanded.
 */
class ManagedPreferencesTest {

    static String plist(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                """ + body + "</dict>\n</plist>\n";
    }

    static final String BOTH = plist("""
            	<key>EnrollmentCode</key>
            	<string>K7Q2X-W9P3M-ZD8RT-A0000-00000-0</string>
            	<key>PayloadUUID</key>
            	<string>ignored</string>
            	<key>Forced</key>
            	<true/>
            	<key>ServerURL</key>
            	<string>https://orchard.lab:8443</string>
            """);

    @Test
    void theServerAndTheCodeComeFromTheFileAndFlagsWin(@TempDir Path dir) throws Exception {
        Path prefs = Files.writeString(dir.resolve("dev.orchard.agent.plist"), BOTH);
        AgentOptions o = AgentArguments.parse(List.of("--managed-prefs", prefs.toString(), "--mac",
                "00:1b:63:84:45:e6")).options();
        assertThat(o.server().toString()).isEqualTo("https://orchard.lab:8443");
        assertThat(o.ticket()).isEqualTo("K7Q2X-W9P3M-ZD8RT-A0000-00000-0");

        AgentOptions explicit = AgentArguments.parse(List.of("--managed-prefs", prefs.toString(), "--server",
                "https://other.lab", "--ticket", "MANUAL")).options();
        assertThat(explicit.server().toString()).isEqualTo("https://other.lab");
        assertThat(explicit.ticket()).isEqualTo("MANUAL");
    }

    @Test
    void aFileWithoutTheKeysOrNotAPlistIsAUsageError(@TempDir Path dir) throws Exception {
        Path noCode = Files.writeString(dir.resolve("a.plist"), plist("""
                	<key>ServerURL</key>
                	<string>https://orchard.lab</string>
                """));
        assertThatThrownBy(() -> ManagedPreferences.read(noCode)).isInstanceOf(UsageException.class)
                .hasMessageContaining("no ServerURL or no EnrollmentCode").hasMessageContaining(noCode.toString());
        Path junk = Files.writeString(dir.resolve("b.plist"), "not xml");
        assertThatThrownBy(() -> ManagedPreferences.read(junk)).hasMessageContaining("is not a property list");
        assertThatThrownBy(() -> ManagedPreferences.read(dir.resolve("missing.plist"))).hasMessageContaining(
                "cannot read");
        Path entity = Files.writeString(dir.resolve("c.plist"), """
                <?xml version="1.0"?>
                <!DOCTYPE plist [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <plist><dict><key>ServerURL</key><string>&x;</string><key>EnrollmentCode</key><string>C</string></dict></plist>
                """);
        assertThatThrownBy(() -> ManagedPreferences.read(entity)).isInstanceOf(UsageException.class);
    }
}
