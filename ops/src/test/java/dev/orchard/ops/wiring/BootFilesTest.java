package dev.orchard.ops.wiring;

import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.Resolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BootFilesTest {

    @TempDir
    Path dir;

    private Path booter(Path folder, String bundle, String text) throws Exception {
        Path b = Files.createDirectories(folder.resolve(bundle).resolve("i386"));
        return Files.writeString(b.resolve("booter"), text);
    }

    private String served(BootFiles files, String name) throws Exception {
        Resolution r = files.open(name);
        assertThat(r).as(name).isInstanceOf(Resolution.Opened.class);
        var file = ((Resolution.Opened) r).file();
        try {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) file.size());
            file.read(buf, 0);
            return new String(buf.array());
        } finally {
            file.release();
        }
    }

    @Test
    void everySpellingOfTheBooterPathReachesTheFirstFolderHoldingIt() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        booter(a, "Lab.nbi", "lab");
        booter(b, "Lab.nbi", "shadowed");
        booter(b, "Other Image.nbi", "other");
        BootFiles files = BootFiles.of(List.of(a, b), "/NetBoot/NetBootSP0/");
        assertThat(BootFiles.bootFilePrefix("/NetBoot/NetBootSP0/")).isEqualTo("NetBoot/NetBootSP0");
        for (String name : List.of("NetBoot/NetBootSP0/Lab.nbi/i386/booter", "/NetBoot/NetBootSP0/Lab.nbi/i386/booter",
                "/private/tftpboot/NetBoot/NetBootSP0/Lab.nbi/i386/booter", "Lab.nbi/i386/booter",
                "NetBoot\\NetBootSP0\\Lab.nbi\\i386\\booter")) {
            assertThat(served(files, name)).as(name).isEqualTo("lab");
        }
        assertThat(served(files, "NetBoot/NetBootSP0/Other Image.nbi/i386/booter")).isEqualTo("other");
        assertThat(files.open("NetBoot/NetBootSP0/../a/Lab.nbi/i386/booter")).isInstanceOf(Resolution.Refused.class);
        files.drain();
        Resolution refused = files.open("Lab.nbi/i386/booter");
        assertThat(((Resolution.Refused) refused).reason()).isEqualTo(RefusalReason.IO_ERROR);
    }

    @Test
    void aMissingFolderIsAStartError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BootFiles.of(List.of(dir.resolve("nope")), "x"))
                .hasMessageContaining("images.nbi_folders").hasMessageContaining("is not a folder");
    }
}
