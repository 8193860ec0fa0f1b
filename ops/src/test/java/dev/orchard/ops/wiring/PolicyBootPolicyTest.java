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

/** The BSDP answer from the policies: the deciding rule's NBI alone, silence, undecided rules, architecture. */
class PolicyBootPolicyTest {

    @TempDir
    Path dir;
    private NbiCatalog catalog;

    @BeforeEach
    void catalog() throws Exception {
        TestNbis.bundle(dir.resolve("nbi"), "Restore", 10, "i386");
        TestNbis.bundle(dir.resolve("nbi"), "Install", 11, "i386");
        TestNbis.bundle(dir.resolve("nbi"), "Ppc Only", 12, "ppc");
        catalog = NbiCatalogScanner.standard().scan(List.of(dir.resolve("nbi")));
        assertThat(catalog.images()).hasSize(3);
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

    /**
     * The report of issue 11: one {@code serial:} rule added at the top made every Mac below it be offered
     * netboot, including Macs whose rule says {@code none}. The serial rule is undecided at BSDP time and
     * does not match: each Mac gets its own rule's answer, and silence where that is {@code none}.
     */
    @Test
    void aSerialRuleAtTheTopNoLongerMakesNoneMacsNetboot() throws Exception {
        ConfigSnapshot s = config("""
                policies:
                  - name: staff
                    match: {serial: [C02STAFF0001]}
                    nbi: Install
                    action: thin
                    workflow: w
                  - name: bench
                    match: {mac: ["00:1b:63:84:45:e9", "00:1b:63:84:45:ea"]}
                    action: none
                  - name: imacs
                    match: {model: "iMac*"}
                    nbi: Restore
                    action: thin
                    workflow: w
                  - name: rest
                    action: none
                """);
        assertThat(ask(s, "00:1b:63:84:45:e9", "iMac18,3", BsdpMessageType.LIST)).as("bench Mac").isEmpty();
        assertThat(ask(s, "00:1b:63:84:45:ea", "MacPro7,1", BsdpMessageType.SELECT)).as("bench Mac").isEmpty();
        assertThat(ask(s, "00:1b:63:84:45:e7", "MacPro7,1", BsdpMessageType.LIST)).as("default none").isEmpty();
        BootOffer imac = ask(s, "00:1b:63:84:45:e6", "iMac18,3", BsdpMessageType.LIST).orElseThrow();
        assertThat(imac.images()).extracting(NbImage::name).containsExactly("Restore");
        assertThat(imac.defaultImage()).map(NbImage::name).contains("Restore");
    }

    @Test
    void aSerialRuleDecidesAtBsdpTimeWhenAnInventoryListsTheMacWithItsSerial() throws Exception {
        Files.writeString(dir.resolve("inv.csv"), "mac,serial,name,group\n00:1b:63:84:45:e6,C02STAFF0001,staff-1,\n");
        ConfigSnapshot s = config("""
                inventory: [inv.csv]
                policies:
                  - name: staff
                    match: {serial: [C02STAFF0001, C02STAFF0002]}
                    nbi: Install
                    action: thin
                    workflow: w
                  - name: imacs
                    match: {model: "iMac*"}
                    nbi: Restore
                    action: thin
                    workflow: w
                """);
        assertThat(ask(s, "00:1b:63:84:45:e6", "iMac18,3", BsdpMessageType.LIST).orElseThrow().images())
                .extracting(NbImage::name).containsExactly("Install");
        // C02STAFF0002 is in no inventory row: its Mac boots by the model rule (validate warns)
        assertThat(ask(s, "00:1b:63:84:45:e7", "iMac18,3", BsdpMessageType.LIST).orElseThrow().images())
                .extracting(NbImage::name).containsExactly("Restore");
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w.toString()).contains("orchard.yaml:6:5: warning: policy"
                + " 'staff': serial C02STAFF0002 (1 of 2) is in no inventory row with a MAC"));
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
