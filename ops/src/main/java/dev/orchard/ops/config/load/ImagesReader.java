package dev.orchard.ops.config.load;

import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.KeyLocations;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.yaml.MapReader;
import dev.orchard.ops.config.yaml.YamlNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the {@code images:} section: NBI folders, block images, payloads and OS installers. */
final class ImagesReader {

    private final Path dir;
    private final boolean main;
    private final Map<String, SourceLocation> locations;

    ImagesReader(Path dir, boolean main, Map<String, SourceLocation> locations) {
        this.dir = dir;
        this.main = main;
        this.locations = locations;
    }

    ImageSettings read(MapReader r) {
        if (!main) {
            for (String key : List.of("block_folder", "payloads_folder")) {
                if (r.has(key)) {
                    r.problems().error(r.keyAt(key), "images." + key + ": only the main configuration file may set this"
                            + " (this file is included)");
                }
            }
        }
        List<Path> nbiFolders = r.list("nbi_folders", this::path);
        r.node("nbi_folders").ifPresent(this::noteNbiFolders);
        Path blockFolder = r.value("block_folder", this::path);
        Path payloadsFolder = r.value("payloads_folder", this::path);
        for (String key : List.of("block_folder", "payloads_folder")) {
            if (main && r.has(key)) {
                locations.put("images." + key, r.at(key));
            }
        }
        List<ImageSettings.BlockImage> block = r.objects("block", ImagesReader::blockImage);
        List<ImageSettings.Installer> installers = r.objects("installers", ImagesReader::installer);
        r.finish();
        return new ImageSettings(nbiFolders, blockFolder, payloadsFolder, block, installers);
    }

    private static ImageSettings.BlockImage blockImage(MapReader r) {
        r.require("name", "the name policies use");
        r.require("file", "path of the image inside images.block_folder");
        String name = r.value("name", ValueRules::name);
        String file = r.value("file", ValueRules::servedPath);
        String sha256 = r.value("sha256", ValueRules::sha256);
        Long size = r.longValue("size", 1, Long.MAX_VALUE);
        r.finish();
        return name == null || file == null ? null : new ImageSettings.BlockImage(name, file, sha256, size, r.at());
    }

    private static ImageSettings.Installer installer(MapReader r) {
        r.require("name", "the name policies use");
        r.require("file", "path of the installer inside images.payloads_folder");
        r.require("sha256", "SHA-256 of the installer file");
        String name = r.value("name", ValueRules::name);
        String file = r.value("file", ValueRules::servedPath);
        String sha256 = r.value("sha256", ValueRules::sha256);
        Long size = r.longValue("size", 1, Long.MAX_VALUE);
        ImageSettings.PayloadFile firstBoot = r.object("first_boot_package", ImagesReader::payloadFile);
        r.finish();
        if (name == null || file == null || sha256 == null) {
            return null;
        }
        return new ImageSettings.Installer(name, file, sha256, size, firstBoot, r.at());
    }

    private static ImageSettings.PayloadFile payloadFile(MapReader r) {
        r.require("file", "path of the package inside images.payloads_folder");
        r.require("sha256", "SHA-256 of the package");
        String file = r.value("file", ValueRules::servedPath);
        String sha256 = r.value("sha256", ValueRules::sha256);
        Long size = r.longValue("size", 1, Long.MAX_VALUE);
        r.finish();
        return file == null || sha256 == null ? null : new ImageSettings.PayloadFile(file, sha256, size);
    }

    /** Where each NBI folder was written: the item of the list, so a check can point at the line. */
    private void noteNbiFolders(YamlNode value) {
        List<YamlNode> items = value instanceof YamlNode.Sequence seq ? seq.items() : List.of(value);
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                try {
                    locations.putIfAbsent(KeyLocations.nbiFolder(path(s.text())), s.at());
                } catch (IllegalArgumentException e) {
                    // reported by the list reader
                }
            }
        }
    }

    private Path path(String text) {
        return dir.resolve(ValueRules.nonBlank(text)).normalize();
    }
}
