package dev.orchard.ops.cli;

import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.wiring.ImageLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** {@code orchard image import|scan|list}: the block images of {@code images.block_folder} and their manifests. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Block images: import one (computing its chunk manifest), rescan the folder, list with hashes.",
        subcommands = {ImageImportCommand.class, ImageScanCommand.class, ImageListCommand.class})
public final class ImageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configuration's block image folder, or empty after printing the configuration's errors. */
    static Optional<OrchardConfig> config(Path file, PrintWriter err) {
        ConfigLoader.Result r = ConfigLoader.check(file, ConfigLoader.Options.DEFAULTS);
        if (r.snapshot().isEmpty()) {
            r.errors().forEach(err::println);
            err.println(file + ": the configuration has errors");
            err.flush();
            return Optional.empty();
        }
        return Optional.of(r.snapshot().get().config());
    }

    static ImageLibrary library(OrchardConfig config) {
        return new ImageLibrary(config.blockFolder());
    }
}
