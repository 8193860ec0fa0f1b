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
 * Reads where a secret comes from ({@code admin_token:}, a webhook's {@code secret:}): exactly one of
 * {@code env: VARIABLE} and {@code file: PATH}. The secret itself written in the file is an error: a
 * configuration file ends up in version control.
 */
final class SecretSources {

    private SecretSources() {
    }

    /**
     * The source, or null (with the reason in {@code problems}).
     *
     * @param path      the key's dotted path in messages ({@code admin_token}, {@code webhooks[0].secret})
     * @param what      what the secret is called in messages ({@code token}, {@code secret})
     * @param locations receives where {@code env} or {@code file} was written, under {@code path.env}/{@code path.file}
     */
    static SecretSource read(YamlNode node, String path, String what, Problems problems, Function<String, Path> paths,
                             Map<String, SourceLocation> locations) {
        if (node instanceof YamlNode.Scalar) {
            problems.error(node.at(), path + ": write where the " + what + " comes from (env: VARIABLE or file: PATH),"
                    + " never the " + what + " itself");
            return null;
        }
        return MapReader.of(node, problems, path).map(r -> {
            for (String key : new String[] {"env", "file"}) {
                if (r.has(key)) {
                    locations.put(r.path() + "." + key, r.at(key));
                }
            }
            String env = r.value("env", ValueRules::envName);
            Path file = r.value("file", paths);
            r.finish();
            if ((env == null) == (file == null)) {
                problems.error(r.at(), path + ": give exactly one of env: or file:");
                return null;
            }
            return new SecretSource(env, file);
        }).orElse(null);
    }
}
