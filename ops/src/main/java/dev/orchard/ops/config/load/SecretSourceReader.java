package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.yaml.MapReader;
import dev.orchard.ops.config.yaml.YamlNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads where a secret comes from, {@code {env: VARIABLE}} or {@code {file: PATH}}, never the secret itself
 * (a configuration file ends up in version control): the admin token and the MDM's keys.
 */
final class SecretSourceReader {

    private SecretSourceReader() {
    }

    /**
     * @param key       the dotted key, e.g. {@code admin_token} or {@code mdm.api_key}
     * @param noun      what the secret is, for messages ({@code token}, {@code key})
     * @param path      resolves a file path against the folder of the file that wrote it
     * @param locations receives where {@code key.env} / {@code key.file} were written
     * @return the source, or null after reporting why there is none
     */
    static SecretSource read(YamlNode node, String key, String noun, Problems problems, Function<String, Path> path,
                             Map<String, SourceLocation> locations) {
        if (node instanceof YamlNode.Scalar) {
            problems.error(node.at(), key + ": write where the " + noun + " comes from (env: VARIABLE or file: PATH),"
                    + " never the " + noun + " itself");
            return null;
        }
        return MapReader.of(node, problems, key).map(r -> {
            for (String k : new String[]{"env", "file"}) {
                if (r.has(k)) {
                    locations.put(key + "." + k, r.at(k));
                }
            }
            String env = r.value("env", ValueRules::envName);
            Path file = r.value("file", path);
            r.finish();
            if ((env == null) == (file == null)) {
                problems.error(r.at(), key + ": give exactly one of env: or file:");
                return null;
            }
            return new SecretSource(env, file);
        }).orElse(null);
    }
}
