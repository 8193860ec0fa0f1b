package dev.orchard.ops.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal valid HTTP NetInstall bundles (booter, root image, NBImageInfo.plist) for catalog tests. */
final class TestNbis {

    private TestNbis() {
    }

    /** Writes {@code <root>/<name>.nbi} with this Name, Index and single architecture. */
    static void bundle(Path root, String name, int index, String arch) throws IOException {
        Path b = Files.createDirectories(root.resolve(name + ".nbi").resolve(arch));
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
}
