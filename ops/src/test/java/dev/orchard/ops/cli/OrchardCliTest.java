package dev.orchard.ops.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OrchardCliTest {

    @Test
    void helpListsTheCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = OrchardCli.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: orchard");
    }

    @Test
    void unknownCommandIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OrchardCli.run(new String[] {"no-such-command"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ServiceExit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-command");
    }
}
