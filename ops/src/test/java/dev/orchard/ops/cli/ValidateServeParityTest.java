package dev.orchard.ops.cli;

import dev.orchard.ops.config.BrokenConfigs;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.orchard.ops.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orchard validate} and {@code orchard serve} behave identically on every broken configuration
 * (docs/config.md lists them: {@link BrokenConfigs}): both exit 1, with the same error and warning lines in
 * the same order, and serve starts nothing. Both run in this JVM through {@link OrchardCli#run}, with the
 * flags the case asks for; serve is asked only after validate refused, so a case that wrongly passed could
 * never bind a real port here.
 */
@ExtendWith(RestoreTestLogging.class)
class ValidateServeParityTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.orchard.ops.config.BrokenConfigs#cases")
    void validateAndServeGiveTheSameVerdictAndTheSameLines(BrokenConfigs.Case c) {
        Path main = c.copyTo(dir);
        List<String> args = new ArrayList<>(List.of("--config", main.toString()));
        args.addAll(c.flags());

        CommandsTest.Run validate = run(command("validate", args));
        assertThat(validate.code()).as("validate %s\n%s", c.name(), validate.out()).isEqualTo(ServiceExit.FAILED);
        CommandsTest.Run serve = run(command("serve", args));

        assertThat(serve.code()).as("serve %s\n%s", c.name(), serve.err()).isEqualTo(ServiceExit.FAILED);
        List<String> lines = problemLines(validate.out());
        assertThat(lines).as("validate %s", c.name()).anyMatch(l -> l.contains(": error: ") && l.contains(c.message()));
        assertThat(problemLines(serve.err())).as("serve's lines for %s", c.name()).isEqualTo(lines);
        assertThat(serve.err()).contains("nothing was started");
        assertThat(serve.out()).doesNotContain("orchard serve: ready");
    }

    private static String[] command(String name, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    /** The {@code file:line:col: error|warning: …} lines, in order. */
    static List<String> problemLines(String output) {
        return output.lines().filter(l -> l.contains(": error: ") || l.contains(": warning: ")).toList();
    }
}
