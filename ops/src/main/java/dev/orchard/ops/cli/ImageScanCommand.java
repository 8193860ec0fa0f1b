package dev.orchard.ops.cli;

import dev.orchard.http.spi.ImageManifest;
import dev.orchard.ops.config.OrchardConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code orchard image scan --config FILE}: brings every manifest of the block folder up to date. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Compute the manifests of new and changed block images (fresh ones are only read).")
public final class ImageScanCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        ProgressPrinter progress = new ProgressPrinter(out, ProgressPrinter.onTerminal());
        List<ImageManifest> all;
        try {
            all = ImageCommand.library(c.get()).scan(progress);
        } catch (IOException | RuntimeException e) {
            progress.finishLine();
            err.println("orchard image scan: " + e.getMessage());
            err.flush();
            return ServiceExit.FAILED;
        }
        progress.finishLine();
        for (ImageManifest m : all) {
            out.println(m.name() + "  " + m.size() + " bytes  sha256 " + m.sha256() + "  " + m.chunks().size() + " chunks");
        }
        out.println(all.size() + " block image(s) in " + c.get().blockFolder() + ", every manifest fresh");
        out.flush();
        return ServiceExit.OK;
    }
}
