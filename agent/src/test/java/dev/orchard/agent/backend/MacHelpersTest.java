package dev.orchard.agent.backend;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacHelpersTest {

    @Test
    void diskIdentifiersFromAnyForm() {
        assertThat(MacBackend.diskIdentifier("disk0")).isEqualTo("disk0");
        assertThat(MacBackend.diskIdentifier("/dev/disk2")).isEqualTo("disk2");
        assertThat(MacBackend.diskIdentifier("/dev/rdisk3")).isEqualTo("disk3");
    }

    @Test
    void localHostNamesAreBonjourSafe() {
        assertThat(MacStepHost.localHostName("lab C02XK0AAJG5J (art)")).isEqualTo("lab-C02XK0AAJG5J-art");
        assertThat(MacStepHost.localHostName("Élève's Mac")).isEqualTo("l-ve-s-Mac");
        assertThat(MacStepHost.localHostName("***")).isEqualTo("mac");
        assertThat(MacStepHost.localHostName("x".repeat(80))).hasSize(63);
    }

    @Test
    void keyboardsAndVersions() {
        assertThat(MacStepHost.keyboardInputSource("U.S.")).isEqualTo("com.apple.keylayout.US");
        assertThat(MacStepHost.keyboardInputSource("com.apple.keylayout.French")).isEqualTo("com.apple.keylayout.French");
        assertThat(MacStepHost.majorVersion("10.15.7\n")).isEqualTo(10);
        assertThat(MacStepHost.majorVersion("14.1")).isEqualTo(14);
    }

    @Test
    void plistTopLevelValuesWithoutFetchingTheDtd() {
        Map<String, String> d = PlistDict.parse("<?xml version=\"1.0\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>"
                + "<key>MountPoint</key><string>/Volumes/Macintosh HD</string><key>Internal</key><true/>"
                + "<key>Nested</key><dict><key>x</key><string>y</string></dict><key>Size</key><integer>42</integer></dict></plist>");

        assertThat(d).containsExactly(Map.entry("MountPoint", "/Volumes/Macintosh HD"), Map.entry("Internal", "true"),
                Map.entry("Size", "42"));
        assertThatThrownBy(() -> PlistDict.parse("not xml")).hasMessageContaining("not a property list");
    }
}
