package dev.orchard.ops.policy;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes YAML (and side files) into a folder and loads it; the canonical fixtures of policy tests. */
final class TestConfigs {

    private TestConfigs() {
    }

    static ConfigLoader.Result check(Path dir, String yaml, String... sideFiles) {
        try {
            for (int i = 0; i + 1 < sideFiles.length; i += 2) {
                Files.writeString(dir.resolve(sideFiles[i]), sideFiles[i + 1]);
            }
            Path main = dir.resolve("orchard.yaml");
            Files.writeString(main, yaml);
            return ConfigLoader.check(main, ConfigLoader.Options.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigSnapshot load(Path dir, String yaml, String... sideFiles) {
        ConfigLoader.Result r = check(dir, yaml, sideFiles);
        if (r.snapshot().isEmpty()) {
            throw new AssertionError("fixture does not load:\n" + String.join("\n",
                    r.problems().stream().map(Object::toString).toList()));
        }
        return r.snapshot().get();
    }

    /** A thin rule with its own NBI (named after the rule) and workflow w. */
    static String thin(String name, String match) {
        return "  - name: " + name + "\n" + (match.isEmpty() ? "" : "    match: " + match + "\n")
                + "    nbi: NBI-" + name + "\n    action: thin\n    workflow: w\n";
    }

    static final String WORKFLOW = "workflows:\n  - name: w\n    steps: [{type: localize, timezone: UTC}]\n";
}
