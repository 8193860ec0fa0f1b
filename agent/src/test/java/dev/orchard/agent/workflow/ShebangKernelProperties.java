package dev.orchard.agent.workflow;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Shebang} reads a {@code #!} line exactly as the running Linux kernel does: for generated first
 * lines (names that exist, spelt several ways, or not; spaces, tabs, CRs, {@code #}, NULs and multi-byte
 * characters; lines ending before, at and after the kernel's 256-byte buffer, with and without a
 * newline) the file is executed with a bare {@code execve} (Python's {@code os.execv}, no shell
 * fallback) and the interpreter that the kernel started prints the argv it got. The parse must predict
 * it: that argv for a name of the printer, {@code ENOEXEC} when the parse finds no line, and some other
 * error (no such file, not a directory, permission) for any other name.
 */
class ShebangKernelProperties {

    private static final String EXEC = "import os, sys\n"
            + "try:\n    os.execv(sys.argv[1], [sys.argv[1]])\n"
            + "except OSError as e:\n    sys.stdout.write('ERR %d' % e.errno)\n";

    private static Path dir;
    private static Path printer;

    @BeforeContainer
    static void printer() throws IOException {
        // short, so that lines can reach past the 256-byte buffer with room to spare
        dir = Files.createTempDirectory(Path.of("/tmp"), "sb");
        printer = dir.resolve("p");
        Files.writeString(printer, "#!/bin/sh\nprintf 'ARGS[%s]' \"$0\"; for a in \"$@\"; do printf '[%s]' \"$a\"; done\n");
        Files.setPosixFilePermissions(printer, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterContainer
    static void clean() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 250)
    void theParseMatchesWhatTheLinuxKernelRuns(@ForAll("firstLines") byte[] head) throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs a Linux kernel");
        Path script = dir.resolve("t");
        Files.write(script, head);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        String kernel = execve(script);

        Optional<Shebang> parsed = Shebang.parse(head, Shebang.Kernel.LINUX);
        if (parsed.isEmpty()) {
            assertThat(kernel).as("kernel vs parse of %s", printable(head)).isEqualTo("ERR 8"); // ENOEXEC
        } else if (printerNames().contains(parsed.get().interpreter())) {
            assertThat(kernel).as("kernel vs parse of %s", printable(head)).isEqualTo("ARGS"
                    + parsed.get().argv(script.toString()).stream().map(a -> "[" + a + "]").collect(Collectors.joining()));
        } else {
            // some other name: the kernel took the line and then failed to find or open that interpreter
            assertThat(kernel).as("kernel vs parse of %s", printable(head)).startsWith("ERR ").isNotEqualTo("ERR 8");
        }
    }

    private static List<String> printerNames() {
        return List.of(printer.toString(), dir + "//p", dir + "/./p", "p", "./p");
    }

    private static String execve(Path script) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-S", "-c", EXEC, script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<byte[]> firstLines() {
        Arbitrary<String> blanks = Arbitraries.of(" ", "\t").list().ofMaxSize(3).map(l -> String.join("", l));
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(printerNames()),
                Arbitraries.of(printer + "x", printer + "\r", printer + "/", ""));
        Arbitrary<String> argChars = Arbitraries.of("a", "-", "=", " ", "\t", "#", "\r", "\0", "é", "/")
                .list().ofMaxSize(300).map(l -> String.join("", l));
        Arbitrary<String> args = Arbitraries.oneOf(Arbitraries.just(""), argChars,
                // long runs so that lines often end near the 256-byte buffer
                Arbitraries.integers().between(200, 280).map(n -> "x".repeat(n)));
        Arbitrary<String> ends = Arbitraries.of("\n", "\nexit 0\n", "", "\0\n");
        return Combinators.combine(blanks, names, blanks, args, blanks, ends)
                .as((lead, name, sep, arg, trail, end) -> ("#!" + lead + name + sep + arg + trail + end)
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String printable(byte[] head) {
        return new String(head, StandardCharsets.UTF_8).replace("\0", "\\0").replace("\t", "\\t")
                .replace("\r", "\\r").replace("\n", "\\n");
    }
}
