package dev.orchard.ops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal valid .nbi bundle for CLI tests: an XML NBImageInfo.plist, an i386 booter and a root image. */
final class NbiFolders {

    private NbiFolders() {
    }

    static Path bundle(Path root, String name, int index) throws IOException {
        Path b = Files.createDirectories(root.resolve(name + ".nbi"));
        Files.createDirectories(b.resolve("i386"));
        Files.writeString(b.resolve("i386/booter"), "booter");
        Files.writeString(b.resolve("NetInstall.dmg"), "image");
        Files.writeString(b.resolve("NBImageInfo.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Architectures</key><array><string>i386</string></array>
                  <key>BootFile</key><string>booter</string>
                  <key>Index</key><integer>%d</integer>
                  <key>IsEnabled</key><true/>
                  <key>IsInstall</key><true/>
                  <key>Kind</key><integer>1</integer>
                  <key>Name</key><string>%s</string>
                  <key>RootPath</key><string>NetInstall.dmg</string>
                  <key>Type</key><string>HTTP</string>
                </dict>
                </plist>
                """.formatted(index, name));
        return b;
    }
}
