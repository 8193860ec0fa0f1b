package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.wiring.ImageLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code orchard image list --config FILE [--json]}: every block image with size, sha256, chunks, freshness. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List block images: name, size, sha256, chunks, whether the stored manifest is fresh, and the"
                + " configuration's name for it. Nothing is hashed (use scan).")
public final class ImageListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<OrchardConfig> c = ImageCommand.config(config, err);
        if (c.isEmpty()) {
            return ServiceExit.FAILED;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImageLibrary.Entry e : ImageCommand.library(c.get()).list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", e.name());
            row.put("name", c.get().images().block().stream().filter(b -> b.file().equals(e.name()))
                    .map(ImageSettings.BlockImage::name).findFirst().orElse(null));
            row.put("size", e.size());
            row.put("sha256", e.manifest().map(m -> m.sha256()).orElse(null));
            row.put("chunks", e.manifest().map(m -> m.chunks().size()).orElse(null));
            row.put("manifest", e.freshness().name().toLowerCase(Locale.ROOT));
            rows.add(row);
        }
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("images", rows)));
        } else {
            out.println(String.format(Locale.ROOT, "%-28s %-16s %14s %-64s %6s %s", "FILE", "NAME", "SIZE", "SHA256",
                    "CHUNKS", "MANIFEST"));
            for (Map<String, Object> r : rows) {
                out.println(String.format(Locale.ROOT, "%-28s %-16s %14d %-64s %6s %s", r.get("file"),
                        r.get("name") == null ? "-" : r.get("name"), (Long) r.get("size"),
                        r.get("sha256") == null ? "-" : r.get("sha256"), r.get("chunks") == null ? "-" : r.get("chunks"),
                        r.get("manifest")));
            }
        }
        out.flush();
        return ServiceExit.OK;
    }
}
