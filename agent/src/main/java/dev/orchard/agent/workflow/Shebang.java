package dev.orchard.agent.workflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A script's {@code #!} line, read exactly as the kernel that would execute the file reads it, so that the
 * agent can start the interpreter itself instead of executing the freshly written file (see
 * {@link ScriptStep} for why). {@link #parse} gives what the kernel would run — the interpreter and its
 * arguments, before the script's path — or nothing where the kernel refuses the line with
 * {@code ENOEXEC}; then the C library's {@code execvp} (which the JDK uses) runs the file with
 * {@code /bin/sh}, and so does the agent.
 *
 * <p>Names and arguments are bytes to the kernel; here they are decoded as UTF-8 (a multi-byte character
 * cut by the kernel's length limit becomes U+FFFD).
 */
record Shebang(String interpreter, List<String> arguments) {

    /** The two kernels the agent runs on; their {@code #!} rules differ. */
    enum Kernel {
        /**
         * Linux, {@code fs/binfmt_script.c} ({@code load_script}, 5.1 and later): the first 256 bytes
         * ({@code BINPRM_BUF_SIZE}); the line ends at the first newline (a NUL before it hides it); without
         * one the line is cut at byte 255, unless the interpreter name itself would be cut ({@code ENOEXEC});
         * spaces and tabs around the line are dropped; the interpreter name ends at a space, tab or NUL;
         * everything after it, spaces included, is <em>one</em> optional argument.
         */
        LINUX,
        /**
         * macOS, xnu {@code bsd/kern/kern_exec.c} ({@code exec_shell_imgact}, {@code exec_extract_strings}):
         * the line must end — at a newline <em>or a {@code #}</em> — within the first 512 bytes
         * ({@code IMG_SHSIZE}), else {@code ENOEXEC}; spaces and tabs around it are dropped and the rest is
         * split at runs of spaces and tabs into the interpreter and <em>any number</em> of arguments.
         */
        XNU;

        /** The kernel of the machine this JVM runs on. */
        static Kernel current() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            return os.contains("mac") || os.contains("darwin") ? XNU : LINUX;
        }
    }

    private static final int LINUX_BUF = 256;
    private static final int XNU_BUF = 512;

    Shebang {
        arguments = List.copyOf(arguments);
    }

    /** What {@code kernel} would run for a file starting with {@code head}; empty when it would refuse the line. */
    static Optional<Shebang> parse(byte[] head, Kernel kernel) {
        return kernel == Kernel.LINUX ? linux(head) : xnu(head);
    }

    /** The interpreter, its arguments and then the script, as the kernel builds the new argv. */
    List<String> argv(String script) {
        List<String> argv = new ArrayList<>();
        argv.add(interpreter);
        argv.addAll(arguments);
        argv.add(script);
        return argv;
    }

    // A line-by-line transcription of load_script(), indexes for pointers; buf is NUL-padded like bprm->buf.
    private static Optional<Shebang> linux(byte[] head) {
        byte[] buf = Arrays.copyOf(head, LINUX_BUF);
        if (buf[0] != '#' || buf[1] != '!') {
            return Optional.empty();
        }
        int bufEnd = LINUX_BUF - 1;
        int iEnd = strnchr(buf, '\n');
        if (iEnd < 0) {
            iEnd = nextNonSpacetab(buf, 2, bufEnd);
            if (iEnd < 0) {
                return Optional.empty(); // the whole buffer is spaces and tabs
            }
            if (nextTerminator(buf, iEnd, bufEnd) < 0) {
                return Optional.empty(); // the interpreter name would be cut
            }
            iEnd = bufEnd;
        }
        while (spacetab(buf[iEnd - 1])) {
            iEnd--;
        }
        int iName = nextNonSpacetab(buf, 2, iEnd);
        if (iName < 0 || iName == iEnd) {
            return Optional.empty(); // no interpreter name
        }
        int iArg = -1;
        int iSep = nextTerminator(buf, iName, iEnd);
        if (iSep >= 0 && buf[iSep] != 0) {
            iArg = nextNonSpacetab(buf, iSep, iEnd);
        }
        buf[iEnd] = 0;
        if (iSep >= 0) {
            buf[iSep] = 0;
        }
        return Optional.of(new Shebang(cString(buf, iName), iArg < 0 ? List.of() : List.of(cString(buf, iArg))));
    }

    /** Linux's strnchr over the whole buffer: stops at a NUL. */
    private static int strnchr(byte[] buf, char c) {
        for (int i = 0; i < buf.length && buf[i] != 0; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int nextNonSpacetab(byte[] buf, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (!spacetab(buf[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int nextTerminator(byte[] buf, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (spacetab(buf[i]) || buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    // A transcription of exec_shell_imgact() (finding the line) and exec_extract_strings() (splitting it).
    private static Optional<Shebang> xnu(byte[] head) {
        byte[] v = Arrays.copyOf(head, XNU_BUF);
        if (v[0] != '#' || v[1] != '!') {
            return Optional.empty();
        }
        int i = 2;
        for (; i < XNU_BUF; i++) {
            if (xnuEol(v[i])) {
                return Optional.empty(); // "#!\n": no interpreter
            }
            if (!spacetab(v[i])) {
                break;
            }
        }
        if (i == XNU_BUF) {
            return Optional.empty(); // all whitespace
        }
        int lineStart = i;
        while (i < XNU_BUF && !xnuEol(v[i])) {
            i++;
        }
        if (i == XNU_BUF) {
            return Optional.empty(); // no end of line within IMG_SHSIZE
        }
        while (xnuEol(v[i]) || spacetab(v[i])) {
            i--;
        }
        int lineEnd = i + 1;
        // ip_interp_buffer is a C string: an embedded NUL ends it
        byte[] line = Arrays.copyOfRange(v, lineStart, lineEnd);
        int nul = 0;
        while (nul < line.length && line[nul] != 0) {
            nul++;
        }
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (true) {
            int ch = start;
            while (ch < nul && !spacetab(line[ch])) {
                ch++;
            }
            tokens.add(new String(line, start, ch - start, StandardCharsets.UTF_8));
            if (ch >= nul) {
                break;
            }
            start = ch + 1;
            while (start < nul && spacetab(line[start])) {
                start++;
            }
        }
        return Optional.of(new Shebang(tokens.get(0), tokens.subList(1, tokens.size())));
    }

    private static boolean xnuEol(byte b) {
        return b == '#' || b == '\n';
    }

    private static boolean spacetab(byte b) {
        return b == ' ' || b == '\t';
    }

    private static String cString(byte[] buf, int from) {
        int end = from;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, from, end - from, StandardCharsets.UTF_8);
    }
}
