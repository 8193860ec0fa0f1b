package dev.orchard.ops.config.load;

import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.yaml.MapReader;

import java.nio.file.Path;
import java.util.List;

/** Reads the {@code images:} section: NBI folders, block images, payloads and OS installers. */
final class ImagesReader {

    private final Path dir;
    private final boolean main;

    ImagesReader(Path dir, boolean main) {
        this.dir = dir;
        this.main = main;
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
        Path blockFolder = r.value("block_folder", this::path);
        Path payloadsFolder = r.value("payloads_folder", this::path);
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

    private Path path(String text) {
        return dir.resolve(ValueRules.nonBlank(text)).normalize();
    }
}
