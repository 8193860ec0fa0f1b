package dev.orchard.agent.workflow;

import dev.orchard.agent.workflow.Shebang.Kernel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code #!} rules of both kernels on hand-picked lines. Linux's are also checked against the running
 * kernel on generated lines ({@code ShebangKernelProperties}); xnu's come from its source
 * ({@code exec_shell_imgact}, {@code exec_extract_strings}) — there is no macOS kernel here to ask.
 */
class ShebangTest {

    private static Optional<Shebang> linux(String head) {
        return Shebang.parse(head.getBytes(StandardCharsets.UTF_8), Kernel.LINUX);
    }

    private static Optional<Shebang> xnu(String head) {
        return Shebang.parse(head.getBytes(StandardCharsets.UTF_8), Kernel.XNU);
    }

    private static Shebang of(String interpreter, String... arguments) {
        return new Shebang(interpreter, List.of(arguments));
    }

    @Test
    void linuxPassesEverythingAfterTheNameAsOneArgument() {
        assertThat(linux("#!/bin/sh\necho hi\n")).contains(of("/bin/sh"));
        assertThat(linux("#! \t/bin/bash -e  \t\nset -x\n")).contains(of("/bin/bash", "-e"));
        assertThat(linux("#!/usr/bin/env python3 -u\n")).contains(of("/usr/bin/env", "python3 -u"));
        assertThat(linux("#!/bin/sh  a \t b  \n")).contains(of("/bin/sh", "a \t b"));
        assertThat(linux("#!/bin/sh # comment\n")).as("# is not special").contains(of("/bin/sh", "# comment"));
        assertThat(linux("#!/bin/sh\r\n")).as("a CR stays in the name").contains(of("/bin/sh\r"));
        assertThat(linux("#!/bin/sh")).as("no newline at all, short file").contains(of("/bin/sh"));
    }

    @Test
    void linuxRefusesLinesWithoutAnInterpreterOrWithACutName() {
        assertThat(linux("#!\n")).isEmpty();
        assertThat(linux("#!   \t \nexit 0\n")).isEmpty();
        assertThat(linux("echo no shebang\n")).isEmpty();
        assertThat(linux("#!/" + "x".repeat(300) + "\n")).as("the name runs past byte 255").isEmpty();
    }

    @Test
    void linuxCutsALongArgumentAtByte255() {
        String arg = "a".repeat(400);
        Shebang s = linux("#!/bin/sh " + arg + "\n").orElseThrow();
        assertThat(s.interpreter()).isEqualTo("/bin/sh");
        assertThat(s.arguments()).containsExactly("a".repeat(255 - "#!/bin/sh ".length()));
    }

    @Test
    void linuxStopsAtANul() {
        assertThat(linux("#!/bin/sh\0 -x\n")).as("NUL ends the name; no argument").contains(of("/bin/sh"));
        assertThat(linux("#!/bin/sh -a\0b\n")).as("NUL ends the argument").contains(of("/bin/sh", "-a"));
    }

    @Test
    void xnuSplitsTheLineIntoAnyNumberOfArguments() {
        assertThat(xnu("#!/usr/bin/env python3 -u\n")).contains(of("/usr/bin/env", "python3", "-u"));
        assertThat(xnu("#!  /bin/sh  a \t b  \n")).contains(of("/bin/sh", "a", "b"));
        assertThat(xnu("#!/bin/bash -e\n")).contains(of("/bin/bash", "-e"));
    }

    @Test
    void xnuEndsTheLineAtAHashAndNeedsAnEndWithin512Bytes() {
        assertThat(xnu("#!/bin/sh -e # strict\n")).contains(of("/bin/sh", "-e"));
        assertThat(xnu("#!#/bin/sh\n")).isEmpty();
        assertThat(xnu("#!\n")).isEmpty();
        assertThat(xnu("#!/bin/sh")).as("no end of line in the file").isEmpty();
        assertThat(xnu("#!/bin/sh " + "a".repeat(600) + "\n")).isEmpty();
        assertThat(xnu("#!/bin/sh " + "a".repeat(400) + "\n")).contains(of("/bin/sh", "a".repeat(400)));
    }
}
