package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The images and payloads Orchard serves.
 *
 * @param nbiFolders     folders holding {@code *.nbi} bundles (read by the NBI catalog)
 * @param blockFolder    folder of block images; entries' {@code file}s are relative to it
 * @param payloadsFolder folder of OS installers, packages and profiles, served under {@code /payloads/}
 * @param block          block images named for policies
 * @param installers     OS installers named for policies
 */
public record ImageSettings(List<Path> nbiFolders, Path blockFolder, Path payloadsFolder,
                            List<BlockImage> block, List<Installer> installers) {

    public ImageSettings {
        nbiFolders = nbiFolders == null ? List.of() : List.copyOf(nbiFolders);
        block = block == null ? List.of() : List.copyOf(block);
        installers = installers == null ? List.of() : List.copyOf(installers);
    }

    /** A block image: {@code file} relative to the block folder; sha256 and size are checked when given. */
    public record BlockImage(String name, String file, String sha256, Long size, SourceLocation at) {
    }

    /**
     * An OS installer (a macOS InstallAssistant package or installer disk image) under the payloads
     * folder, with the package installed at first boot to hand off to the thin workflow.
     */
    public record Installer(String name, String file, String sha256, Long size, PayloadFile firstBootPackage,
                            SourceLocation at) {
    }

    /** A file under the payloads folder with its checksum. */
    public record PayloadFile(String file, String sha256, Long size) {
    }
}
