package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.spi.BootClient;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The BSDP answer from the policies: default, undecided rules' NBIs, silence, architecture. */
class PolicyBootPolicyTest {

    @TempDir
    Path dir;
    private NbiCatalog catalog;

    @BeforeEach
    void catalog() throws Exception {
        bundle("Restore", 10, "i386");
        bundle("Install", 11, "i386");
        bundle("Ppc Only", 12, "ppc");
        catalog = NbiCatalogScanner.standard().scan(List.of(dir.resolve("nbi")));
        assertThat(catalog.images()).hasSize(3);
    }

    private void bundle(String name, int index, String arch) throws Exception {
        Path b = Files.createDirectories(dir.resolve("nbi").resolve(name + ".nbi").resolve(arch));
        Files.writeString(b.resolve("booter"), "booter");
        Files.writeString(b.getParent().resolve("NetInstall.dmg"), "root");
        Files.writeString(b.getParent().resolve("NBImageInfo.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <plist version="1.0"><dict>
                  <key>Architectures</key><array><string>%s</string></array>
                  <key>BootFile</key><string>booter</string>
                  <key>Index</key><integer>%d</integer>
                  <key>Kind</key><integer>1</integer>
                  <key>Name</key><string>%s</string>
                  <key>RootPath</key><string>NetInstall.dmg</string>
                  <key>Type</key><string>HTTP</string>
                </dict></plist>
                """.formatted(arch, index, name));
    }

    private ConfigSnapshot config(String policies) throws Exception {
        Path f = dir.resolve("orchard.yaml");
        Files.writeString(f, "workflows:\n  - name: w\n    steps: [{type: localize, timezone: UTC}]\n" + policies);
        return ConfigLoader.load(f);
    }

    private Optional<BootOffer> ask(ConfigSnapshot s, String mac, String model, BsdpMessageType type) {
        BootClient client = new BootClient(MacAddress.parse(mac), model, "i386", Ipv4.parse("10.20.30.7"), Ipv4.ZERO,
                List.of(), type);
        return new PolicyBootPolicy(() -> s).offer(client, catalog);
    }

    @Test
    void theMatchedRulesNbiIsTheDefaultAndUndecidedSerialRulesAreOfferedToo() throws Exception {
        ConfigSnapshot s = config("""
                policies:
                  - name: staff
                    match: {serial: [C02STAFF0001]}
                    nbi: Install
                    action: thin
                    workflow: w
                  - name: imacs
                    match: {model: "iMac*"}
                    nbi: Restore
                    action: thin
                    workflow: w
                  - name: rest
                    action: none
                """);
        BootOffer offer = ask(s, "00:1b:63:84:45:e6", "iMac18,3", BsdpMessageType.LIST).orElseThrow();
        assertThat(offer.images()).extracting(NbImage::name).containsExactly("Restore", "Install");
        assertThat(offer.defaultImage()).map(NbImage::name).contains("Restore");
        // a Mac the default rule says none to still sees the undecided serial rule's NBI
        BootOffer other = ask(s, "00:1b:63:84:45:e7", "MacPro7,1", BsdpMessageType.SELECT).orElseThrow();
        assertThat(other.images()).extracting(NbImage::name).containsExactly("Install");
    }

    @Test
    void silenceForNoneAndForNbisTheMacCannotBoot() throws Exception {
        ConfigSnapshot s = config("""
                policies:
                  - name: bench
                    match: {mac: 00:1b:63:84:45:e6}
                    action: none
                  - name: old
                    match: {model: "PowerMac*"}
                    nbi: Ppc Only
                    action: thin
                    workflow: w
                  - name: missing
                    match: {model: "Macmini*"}
                    nbi: Not In The Catalog
                    action: thin
                    workflow: w
                """);
        assertThat(ask(s, "00:1b:63:84:45:e6", "iMac18,3", BsdpMessageType.LIST)).isEmpty();
        assertThat(ask(s, "00:1b:63:84:45:e8", "iMac18,3", BsdpMessageType.LIST)).as("no rule").isEmpty();
        // an i386 Mac whose rule names a ppc-only image: nothing it can boot
        assertThat(ask(s, "00:1b:63:84:45:e9", "PowerMac7,3", BsdpMessageType.LIST)).isEmpty();
        assertThat(ask(s, "00:1b:63:84:45:ea", "Macmini8,1", BsdpMessageType.LIST)).isEmpty();
    }

    @Test
    void eachRequestReadsTheCurrentSnapshot() throws Exception {
        ConfigSnapshot restore = config("policies:\n  - name: all\n    nbi: Restore\n    action: thin\n    workflow: w\n");
        ConfigSnapshot install = config("policies:\n  - name: all\n    nbi: Install\n    action: thin\n    workflow: w\n");
        ConfigSnapshot[] current = {restore};
        PolicyBootPolicy policy = new PolicyBootPolicy(() -> current[0]);
        BootClient client = new BootClient(MacAddress.parse("00:1b:63:84:45:e6"), "iMac18,3", "i386",
                Ipv4.parse("10.0.0.2"), Ipv4.ZERO, List.of(), BsdpMessageType.LIST);
        assertThat(policy.offer(client, catalog).orElseThrow().images().get(0).name()).isEqualTo("Restore");
        current[0] = install;
        assertThat(policy.offer(client, catalog).orElseThrow().images().get(0).name()).isEqualTo("Install");
    }
}
