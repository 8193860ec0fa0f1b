package dev.orchard.ops.config;

import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every broken configuration under {@code src/test/resources/broken} is rejected with the error its
 * first line announces: {@code # expect: [FILE:]LINE:COL message}. A single file is its own case; a
 * folder is a case whose main file is {@code orchard.yaml} (the error may point into an included file).
 */
class BrokenConfigsTest {

    private static final Pattern EXPECT = Pattern.compile("# expect: (?:([^:\\s]+):)?(\\d+):(\\d+) (.+)");

    record Case(String name, Path main, String file, int line, int column, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path root = Path.of(BrokenConfigsTest.class.getResource("/broken").toURI());
        try (Stream<Path> entries = Files.list(root)) {
            List<Case> cases = entries.sorted().map(BrokenConfigsTest::toCase).toList();
            assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
            return cases.stream();
        }
    }

    private static Case toCase(Path p) {
        Path main = Files.isDirectory(p) ? p.resolve("orchard.yaml") : p;
        try {
            String first = Files.readAllLines(main).get(0);
            Matcher m = EXPECT.matcher(first);
            assertThat(m.matches()).as("first line of %s must be '# expect: …'", main).isTrue();
            String file = m.group(1) != null ? m.group(1) : main.getFileName().toString();
            return new Case(p.getFileName().toString(), main, file, Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithTheRightLocationAndMessage(Case c) {
        ConfigLoader.Result r = ConfigLoader.check(c.main(), ConfigLoader.Options.DEFAULTS);

        assertThat(r.snapshot()).as("configuration %s must be rejected", c.name()).isEmpty();
        assertThat(r.errors())
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
