package dev.orchard.bsdp.catalog;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NbiCatalogScannerTest {

    @TempDir
    Path root;

    private final NbiCatalogScanner scanner = new NbiCatalogScanner(new NbImageInfoReader(new RootPathParser(
            host -> Optional.ofNullable(Map.of("images.lab", Ipv4.parse("10.9.8.7")).get(host)))), Clock.systemUTC());

    private NbiCatalog scan() {
        return scanner.scan(List.of(root));
    }

    private List<String> messages(NbiCatalog c) {
        return c.problems().stream().map(CatalogProblem::toString).toList();
    }

    @Test
    void readsXmlAndBinaryPlistsWithEveryKey() {
        NbiFixture.bundle(root, "Xml.nbi").index(4097).name("Mojave NetInstall").install(true).kind(1)
                .models("iMac18,1", "MacBookPro14,1").disabledModels("iMac18,2").macs("00:1e:c2:00:00:01")
                .disabledMacs("0:1e:c2:0:0:2").put("Description", "lab install").isDefault(true).write();
        NbiFixture.bundle(root, "Binary.nbi").index(12).name("Diagnostics").install(false).kind(3).type("NFS")
                .architectures("i386", "ppc").binary().write();

        NbiCatalog c = scan();
        assertThat(c.errors()).isEmpty();
        NbImage xml = c.byBundleName("Xml.nbi").orElseThrow();
        assertThat(xml.id()).isEqualTo(new BootImageId(0x81001001));
        assertThat(xml.name()).isEqualTo("Mojave NetInstall");
        assertThat(xml.description()).isEqualTo("lab install");
        assertThat(xml.type()).isEqualTo(NbImageType.HTTP);
        assertThat(xml.isDefault()).isTrue();
        assertThat(xml.filterOnly()).isFalse();
        assertThat(xml.enabledSystemIds()).containsExactlyInAnyOrder("iMac18,1", "MacBookPro14,1");
        assertThat(xml.disabledSystemIds()).containsExactly("iMac18,2");
        assertThat(xml.enabledMacs()).containsExactly(MacAddress.parse("00:1e:c2:00:00:01"));
        assertThat(xml.disabledMacs()).containsExactly(MacAddress.parse("00:1e:c2:00:00:02"));
        assertThat(xml.rootPath()).contains(new RootPath.BundleFile("NetInstall.dmg"));
        assertThat(xml.bootFilePath("i386")).isEqualTo("Xml.nbi/i386/booter");

        NbImage bin = c.byBundleName("Binary.nbi").orElseThrow();
        assertThat(bin.id()).isEqualTo(new BootImageId(0x0300000C));
        assertThat(bin.type()).isEqualTo(NbImageType.NFS);
        assertThat(bin.filterOnly()).as("Kind 3 defaults to FilterOnly, as Apple").isTrue();
        assertThat(bin.architectures()).containsExactly("i386", "ppc");
        // IsDefault unrestricted first, then scan order
        assertThat(c.images()).extracting(NbImage::bundleName).containsExactly("Xml.nbi", "Binary.nbi");
    }

    @Test
    void appleDefaults() {
        NbiFixture.bundle(root, "Plain.nbi").remove("Kind").remove("IsInstall").remove("IsEnabled")
                .remove("Architectures").architectures("ppc").write();
        NbiFixture.bundle(root, "NoArch.nbi").index(2).remove("Architectures").write();
        NbiCatalog c = scan();
        NbImage plain = c.byBundleName("Plain.nbi").orElseThrow();
        assertThat(plain.id()).isEqualTo(BootImageId.of(false, BootImageId.KIND_MAC_OS_X, 1));
        assertThat(plain.isDefault()).isFalse();
        // without Architectures Apple assumes ppc, so the i386 booter written by the fixture is not found
        assertThat(messages(c)).anyMatch(m -> m.contains("NoArch.nbi: BootFile: booter missing for architecture ppc"));
    }

    @Test
    void everyValidationMessageNamesBundleAndKey() throws IOException {
        NbiFixture.bundle(root, "Good.nbi").index(1).write();
        NbiFixture.bundle(root, "NoBooter.nbi").index(2).withoutBooter().write();
        NbiFixture.bundle(root, "Later.nbi").index(1).write();
        NbiFixture.bundle(root, "Zero.nbi").index(0).write();
        NbiFixture.bundle(root, "Huge.nbi").index(70000).write();
        NbiFixture.bundle(root, "StringIndex.nbi").put("Index", "5").write();
        NbiFixture.bundle(root, "BadBool.nbi").index(6).put("IsInstall", "yes").write();
        NbiFixture.bundle(root, "BadArch.nbi").index(7).put("Architectures", "i386").write();
        NbiFixture.bundle(root, "NoName.nbi").index(8).remove("Name").write();
        NbiFixture.bundle(root, "EmptyName.nbi").index(9).name("").write();
        NbiFixture.bundle(root, "NoBootFile.nbi").index(10).remove("BootFile").write();
        NbiFixture.bundle(root, "NoType.nbi").index(11).remove("Type").write();
        NbiFixture.bundle(root, "Classic.nbi").index(12).type("Classic").write();
        NbiFixture.bundle(root, "BadMac.nbi").index(13).macs("00:11:22").write();
        NbiFixture.bundle(root, "NoRoot.nbi").index(14).withoutRootImage().write();
        NbiFixture.bundle(root, "BadKind.nbi").index(15).kind(200).write();
        NbiFixture.bundle(root, "BootOnly.nbi").index(16).type("BootFileOnly").remove("Kind").write();
        NbiFixture.bundle(root, "Escape.nbi").index(17).put("BootFile", "../../etc/passwd").write();
        Files.createDirectories(root.resolve("NoPlist.nbi"));
        Files.createDirectories(root.resolve("Garbage.nbi"));
        Files.writeString(root.resolve("Garbage.nbi/NBImageInfo.plist"), "<plist><dict><key>Index</key>");
        NbiFixture.bundle(root, "Off.nbi").index(18).put("IsEnabled", false).put("Index", "not checked").write();

        NbiCatalog c = scan();
        assertThat(c.images()).extracting(NbImage::bundleName).containsExactly("Good.nbi");
        List<String> m = messages(c);
        assertThat(m).anyMatch(s -> s.endsWith("NoBooter.nbi: BootFile: booter missing for architecture i386:"
                + " i386/booter does not exist in the bundle"));
        assertThat(m).anyMatch(s -> s.contains("Later.nbi: Index: duplicate image ID 0x81000001 (Index 1, Kind 1, install):"
                + " already used by ") && s.contains("Good.nbi"));
        assertThat(m).anyMatch(s -> s.endsWith("Zero.nbi: Index: must be 1..65535, was 0 (0 is the null image, never sent)"));
        assertThat(m).anyMatch(s -> s.endsWith("Huge.nbi: Index: must be 1..65535, was 70000"));
        assertThat(m).anyMatch(s -> s.endsWith("StringIndex.nbi: Index: must be an integer, found the string \"5\""));
        assertThat(m).anyMatch(s -> s.endsWith("BadBool.nbi: IsInstall: must be a boolean (<true/> or <false/>),"
                + " found the string \"yes\""));
        assertThat(m).anyMatch(s -> s.endsWith("BadArch.nbi: Architectures: must be an array of strings,"
                + " found the string \"i386\""));
        assertThat(m).anyMatch(s -> s.endsWith("NoName.nbi: Name: missing: the menu name is required"));
        assertThat(m).anyMatch(s -> s.endsWith("EmptyName.nbi: Name: must not be empty"));
        assertThat(m).anyMatch(s -> s.endsWith("NoBootFile.nbi: BootFile: missing: the booter file name"
                + " (usually 'booter') is required"));
        assertThat(m).anyMatch(s -> s.endsWith("NoType.nbi: Type: missing: one of NFS, HTTP, BootFileOnly is required"));
        assertThat(m).anyMatch(s -> s.contains("Classic.nbi: Type: Classic (Mac OS 9 over AFP"));
        assertThat(m).anyMatch(s -> s.endsWith("BadMac.nbi: EnabledMACAddresses: '00:11:22' is not a MAC address; "
                + dev.orchard.mac.MacAddress.ACCEPTED_FORMS));
        assertThat(m).anyMatch(s -> s.contains("NoRoot.nbi: RootPath: 'NetInstall.dmg' is neither a file in the bundle"));
        assertThat(m).anyMatch(s -> s.contains("BadKind.nbi: Kind: must be 0..127"));
        assertThat(m).anyMatch(s -> s.endsWith("BootOnly.nbi: Kind: missing: a BootFileOnly image must say its Kind (0..127)"));
        assertThat(m).anyMatch(s -> s.contains("Escape.nbi: BootFile: '../../etc/passwd' must be a relative path"));
        assertThat(m).anyMatch(s -> s.endsWith("NoPlist.nbi: NBImageInfo.plist: missing: every .nbi bundle needs one"));
        assertThat(m).anyMatch(s -> s.contains("Garbage.nbi: NBImageInfo.plist: cannot be parsed"));
        assertThat(c.problems()).filteredOn(p -> p.bundle().endsWith("Off.nbi"))
                .singleElement().satisfies(p -> {
                    assertThat(p.severity()).isEqualTo(CatalogProblem.Severity.WARNING);
                    assertThat(p.key()).isEqualTo("IsEnabled");
                });
    }

    @Test
    void indirectRootPathsGetANumericIp() {
        NbiFixture.bundle(root, "Nfs.nbi").index(1).type("NFS").withoutRootImage()
                .put("RootPath", "images.lab:/Library/NetBoot/NetBootSP0:Foo.nbi/NetInstall.dmg").write();
        NbiFixture.bundle(root, "Http.nbi").index(2).withoutRootImage()
                .put("RootPath", "http://u:p@images.lab:8080/nbi/Foo%20Bar.dmg").write();
        NbiFixture.bundle(root, "Unknown.nbi").index(3).withoutRootImage()
                .put("RootPath", "http://nowhere.invalid/x.dmg").write();
        NbiCatalog c = scan();
        assertThat(c.byBundleName("Nfs.nbi").orElseThrow().rootPath())
                .contains(new RootPath.Indirect("nfs:10.9.8.7:/Library/NetBoot/NetBootSP0:Foo.nbi/NetInstall.dmg"));
        assertThat(c.byBundleName("Http.nbi").orElseThrow().rootPath())
                .contains(new RootPath.Indirect("http://u:p@10.9.8.7:8080/nbi/Foo%20Bar.dmg"));
        assertThat(messages(c)).anyMatch(s -> s.contains("Unknown.nbi: RootPath"));
    }

    @Test
    void listOrderFollowsApple() {
        NbiFixture.bundle(root, "A.nbi").index(1).write();
        NbiFixture.bundle(root, "B.nbi").index(2).isDefault(true).models("iMac18,1").write();
        NbiFixture.bundle(root, "C.nbi").index(3).isDefault(true).write();
        NbiFixture.bundle(root, "D.nbi").index(4).isDefault(true).write();
        NbiFixture.bundle(root, "E.nbi").index(5).isDefault(true).models("iMac19,1").write();
        NbiFixture.bundle(root, "F.nbi").index(6).write();
        // unrestricted defaults to the very front (last scanned first), restricted defaults right after them
        assertThat(scan().images()).extracting(NbImage::bundleName)
                .containsExactly("D.nbi", "C.nbi", "E.nbi", "B.nbi", "A.nbi", "F.nbi");
    }

    @Test
    void bundlesOneLevelDownAndTheirRelativePaths() {
        NbiFixture.bundle(root.resolve("NetBootSP0"), "Deep.nbi").index(1).write();
        NbImage deep = scan().images().get(0);
        assertThat(deep.relativePath()).isEqualTo("NetBootSP0/Deep.nbi");
        assertThat(deep.bootFilePath("i386")).isEqualTo("NetBootSP0/Deep.nbi/i386/booter");
    }

    @Test
    void aMissingRootIsReported() {
        NbiCatalog c = scanner.scan(List.of(root.resolve("nope")));
        assertThat(c.images()).isEmpty();
        assertThat(messages(c)).singleElement().asString().contains("is not a readable folder");
    }

    @Test
    void rescanSwapsTheWholeSnapshot() throws IOException {
        LiveCatalog live = new LiveCatalog(scanner, List.of(root));
        assertThat(live.get().images()).isEmpty();
        NbiFixture.bundle(root, "One.nbi").index(1).write();
        NbiCatalog first = live.rescan();
        assertThat(first.images()).hasSize(1);
        NbiFixture.bundle(root, "Two.nbi").index(2).write();
        Files.writeString(root.resolve("One.nbi/NBImageInfo.plist"), "broken");
        NbiCatalog second = live.rescan();
        assertThat(second.images()).extracting(NbImage::bundleName).containsExactly("Two.nbi");
        assertThat(second.errors()).hasSize(1);
        assertThat(first.images()).extracting(NbImage::bundleName).as("old snapshot untouched").containsExactly("One.nbi");
        assertThat(live.get()).isSameAs(second);
    }

    @Test
    void filtersAsApple() {
        NbiFixture.bundle(root, "F.nbi").index(1).models("iMac18,1").disabledModels("iMac18,1")
                .write();
        NbiFixture.bundle(root, "G.nbi").index(2).macs("00:00:00:00:00:01").disabledMacs("00:00:00:00:00:01").write();
        NbiFixture.bundle(root, "H.nbi").index(3).models("iMac18,1").write();
        NbiFixture.bundle(root, "Diag.nbi").index(4).kind(3).install(false).write();
        NbiCatalog c = scan();
        MacAddress one = MacAddress.parse("00:00:00:00:00:01");
        MacAddress two = MacAddress.parse("00:00:00:00:00:02");
        assertThat(c.byBundleName("F.nbi").orElseThrow().supports("i386", "iMac18,1", one)).isFalse();
        assertThat(c.byBundleName("G.nbi").orElseThrow().supports("i386", "x", one)).as("disabled wins").isFalse();
        assertThat(c.byBundleName("G.nbi").orElseThrow().supports("i386", "x", two)).as("not enabled").isFalse();
        NbImage h = c.byBundleName("H.nbi").orElseThrow();
        assertThat(h.supports("i386", "iMac18,1", two)).isTrue();
        assertThat(h.supports("ppc", "iMac18,1", two)).isFalse();
        assertThat(h.supports("i386", "iMac18,2", two)).isFalse();
        NbImage diag = c.byBundleName("Diag.nbi").orElseThrow();
        assertThat(diag.matchesAttributes(List.of())).isFalse();
        assertThat(diag.matchesAttributes(List.of(0x0300))).isTrue();
        assertThat(h.matchesAttributes(List.of(0x0300))).isFalse();
        assertThat(h.matchesAttributes(List.of())).isTrue();
    }
}
