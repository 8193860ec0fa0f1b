package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbImageType;
import dev.orchard.bsdp.catalog.RootPath;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.Ipv4;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootPathsTest {

    private static NbImage image(NbImageType type, String relative, RootPath root) {
        return new NbImage(Path.of("/srv/NetBoot/NetBootSP0").resolve(relative), relative, new BootImageId(0x81000001),
                "x", "", type, false, false, "booter", List.of("i386"), Optional.ofNullable(root), Set.of(), Set.of(),
                Set.of(), Set.of());
    }

    @Test
    void httpPathsAreEscapedPerSegment() {
        BootPaths paths = new BootPaths(BsdpServerConfig.builder().build());
        NbImage i = image(NbImageType.HTTP, "Mojave Lab é.nbi", new RootPath.BundleFile("Net Install#1.dmg"));
        assertThat(paths.rootPath(i, Ipv4.parse("10.0.0.5"))).contains(
                "http://10.0.0.5/NetBoot/NetBootSP0/Mojave%20Lab%20%C3%A9.nbi/Net%20Install%231.dmg");
        assertThat(paths.bootFile(i, "i386")).isEqualTo("Mojave Lab é.nbi/i386/booter");
    }

    @Test
    void nfsPathsEscapeColonsAndDefaultToTheScannedFolder() {
        BootPaths paths = new BootPaths(BsdpServerConfig.builder().build());
        NbImage i = image(NbImageType.NFS, "A:B.nbi", new RootPath.BundleFile("NetBoot.dmg"));
        assertThat(paths.rootPath(i, Ipv4.parse("10.0.0.5")))
                .contains("nfs:10.0.0.5:/srv/NetBoot/NetBootSP0:A\\:B.nbi/NetBoot.dmg");
        BootPaths exported = new BootPaths(BsdpServerConfig.builder().nfsExport("/Library/NetBoot/NetBootSP0/").build());
        assertThat(exported.rootPath(image(NbImageType.NFS, "Foo.nbi", new RootPath.BundleFile("NetInstall.dmg")),
                Ipv4.parse("10.0.0.5"))).contains("nfs:10.0.0.5:/Library/NetBoot/NetBootSP0:Foo.nbi/NetInstall.dmg");
    }

    @Test
    void indirectAndBootFileOnly() {
        BootPaths paths = new BootPaths(BsdpServerConfig.builder().bootFilePrefix("/private/tftpboot/NetBoot/NetBootSP0").build());
        assertThat(paths.rootPath(image(NbImageType.HTTP, "X.nbi", new RootPath.Indirect("http://10.1.1.1:81/x.dmg")),
                Ipv4.parse("10.0.0.5"))).contains("http://10.1.1.1:81/x.dmg");
        NbImage bootOnly = image(NbImageType.BOOT_FILE_ONLY, "Diag.nbi", null);
        assertThat(paths.rootPath(bootOnly, Ipv4.parse("10.0.0.5"))).isEmpty();
        assertThat(paths.bootFile(bootOnly, "i386")).isEqualTo("/private/tftpboot/NetBoot/NetBootSP0/Diag.nbi/i386/booter");
    }

    @Test
    void configurationIsStrict() {
        assertThatThrownBy(() -> BsdpServerConfig.builder().httpBase("https://10.0.0.5/x").build())
                .hasMessageContaining("must start with http://");
        assertThatThrownBy(() -> BsdpServerConfig.builder().httpBase("http://10.0.0.5:80x/x").build())
                .hasMessageContaining("invalid port");
        assertThat(BsdpServerConfig.builder().httpBase("http://10.0.0.5:8080/").build().httpBase())
                .contains("http://10.0.0.5:8080");
        assertThatThrownBy(() -> BsdpServerConfig.builder().machineNameFormat("%s%s").build())
                .hasMessageContaining("must take one integer");
        assertThatThrownBy(() -> BsdpServerConfig.builder().priority(-1).build()).hasMessageContaining("priority");
        assertThat(BsdpServerConfig.builder().build().machineName(7)).isEqualTo("NetBoot007");
    }
}
