package dev.orchard.ops.cli;

import dev.orchard.http.spi.ImageManifest;
import dev.orchard.ops.config.OrchardConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code orchard image import FILE [--name N] --config FILE}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add a block image to images.block_folder (hard link when possible, else a copy) and compute",
                "its chunk manifest; prints the images.block entry to add to the configuration."})
public final class ImageImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the image file (raw disk image)")
    Path file;

    @Option(names = "--name", paramLabel = "N", description = "file name in the block folder (default: FILE's name)")
    String name;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<OrchardConfig> c = ImageCommand.config(config, err);
        if (c.isEmpty()) {
            return ServiceExit.FAILED;
        }
        String target = name != null ? name : file.getFileName().toString();
        ProgressPrinter progress = new ProgressPrinter(out, ProgressPrinter.onTerminal());
        ImageManifest m;
        try {
            m = ImageCommand.library(c.get()).importImage(file, target, (done, total) -> progress.progress(target, done, total));
        } catch (FileAlreadyExistsException e) {
            progress.finishLine();
            err.println("orchard image import: " + e.getFile() + " exists: " + e.getReason());
            err.flush();
            return ServiceExit.FAILED;
        } catch (IOException | IllegalArgumentException e) {
            progress.finishLine();
            err.println("orchard image import: " + e.getMessage());
            err.flush();
            return ServiceExit.FAILED;
        }
        progress.finishLine();
        out.println("imported " + m.name() + ": " + m.size() + " bytes, sha256 " + m.sha256() + ", " + m.chunks().size()
                + " chunks of " + ProgressPrinter.size(m.chunkSize()));
        out.println("add to images.block in " + config + ":");
        String entry = m.name().replaceAll("\\.[A-Za-z0-9]+$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        out.println("  - name: " + entry);
        out.println("    file: " + m.name());
        out.println("    sha256: " + m.sha256());
        out.println("    size: " + m.size());
        out.flush();
        return ServiceExit.OK;
    }
}
