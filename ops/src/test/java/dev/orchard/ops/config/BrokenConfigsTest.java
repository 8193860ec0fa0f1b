package dev.orchard.ops.config;

import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.ops.wiring.StartupCheck;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every broken configuration ({@link BrokenConfigs}) is rejected by the check {@code orchard validate} and
 * {@code orchard serve} share, with the error its first line announces, at that file, line and column.
 * Cases named {@code host-*} are valid files that this host cannot serve (NBI folders, admin token, pinned
 * sha256s, listeners and {@code --unprivileged}, folders).
 */
class BrokenConfigsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.orchard.ops.config.BrokenConfigs#cases")
    void rejectedWithTheRightLocationAndMessage(BrokenConfigs.Case c) {
        Path main = c.copyTo(dir);
        StartupCheck.Verdict v = StartupCheck.run(ServeOptions.of(main).withUnprivileged(c.unprivileged()));

        assertThat(v.passed()).as("configuration %s must be rejected", c.name()).isFalse();
        assertThat(v.errors())
                .as("errors of %s", c.name())
                .anySatisfy(p -> {
                    assertThat(p.at().file().toString().replace('\\', '/')).endsWith(c.file());
                    assertThat(p.at().line()).isEqualTo(c.line());
                    assertThat(p.at().column()).isEqualTo(c.column());
                    assertThat(p.message()).contains(c.message());
                    assertThat(p.toString()).startsWith(p.at().file() + ":" + c.line() + ":" + c.column() + ": error: ");
                });
    }
}
