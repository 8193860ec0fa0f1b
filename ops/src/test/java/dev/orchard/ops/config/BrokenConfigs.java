package dev.orchard.ops.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The broken configurations under {@code src/test/resources/broken} (the list docs/config.md refers to). A
 * single file is its own case; a folder is a case whose main file is {@code orchard.yaml}. The main file's
 * first line says the error it must produce, {@code # expect: [FILE:]LINE:COL message}; optional next lines
 * say how to run it ({@code # flags: --unprivileged}) and file modes git cannot keep
 * ({@code # chmod: 644 admin-token}; a file named {@code admin-token} is 600 otherwise, as {@code init}
 * writes it). Each case is used from a copy, so a check may write (manifests, digests) without touching
 * the sources.
 */
public final class BrokenConfigs {

    private static final Pattern EXPECT = Pattern.compile("# expect: (?:([^:\\s]+):)?(\\d+):(\\d+) (.+)");
    private static final Pattern FLAGS = Pattern.compile("# flags: (.+)");
    private static final Pattern CHMOD = Pattern.compile("# chmod: ([0-7]{3}) (.+)");

    /** One case: where it is, the error it expects, and how to run it. */
    public record Case(String name, Path source, String file, int line, int column, String message, List<String> flags,
                       Map<String, String> modes) {
        @Override
        public String toString() {
            return name;
        }

        /** Copies the case into {@code dir} with its file modes; returns the main file of the copy. */
        public Path copyTo(Path dir) {
            try {
                Path target = dir.resolve(name);
                if (Files.isDirectory(source)) {
                    try (Stream<Path> all = Files.walk(source)) {
                        for (Path p : (Iterable<Path>) all::iterator) {
                            Path to = target.resolve(source.relativize(p).toString());
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(to);
                            } else {
                                Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                    Path token = target.resolve("admin-token");
                    if (Files.isRegularFile(token)) {
                        Files.setPosixFilePermissions(token, mode("600"));
                    }
                    for (Map.Entry<String, String> m : modes.entrySet()) {
                        Files.setPosixFilePermissions(target.resolve(m.getKey()), mode(m.getValue()));
                    }
                    return target.resolve("orchard.yaml");
                }
                Files.createDirectories(target);
                return Files.copy(source, target.resolve(source.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public boolean unprivileged() {
            return flags.contains("--unprivileged");
        }
    }

    private BrokenConfigs() {
    }

    public static Stream<Case> cases() throws IOException, URISyntaxException {
        Path root = Path.of(BrokenConfigs.class.getResource("/broken").toURI());
        try (Stream<Path> entries = Files.list(root)) {
            List<Case> cases = entries.sorted().map(BrokenConfigs::toCase).toList();
            if (cases.size() < 60) {
                throw new IllegalStateException("expected at least 60 broken configurations, found " + cases.size());
            }
            return cases.stream();
        }
    }

    private static Case toCase(Path p) {
        Path main = Files.isDirectory(p) ? p.resolve("orchard.yaml") : p;
        try {
            List<String> lines = Files.readAllLines(main);
            Matcher m = EXPECT.matcher(lines.get(0));
            if (!m.matches()) {
                throw new IllegalStateException("first line of " + main + " must be '# expect: …'");
            }
            List<String> flags = new ArrayList<>();
            Map<String, String> modes = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                Matcher f = FLAGS.matcher(line);
                Matcher c = CHMOD.matcher(line);
                if (f.matches()) {
                    flags.addAll(List.of(f.group(1).trim().split("\\s+")));
                } else if (c.matches()) {
                    modes.put(c.group(2).trim(), c.group(1));
                } else {
                    break;
                }
            }
            String file = m.group(1) != null ? m.group(1) : main.getFileName().toString();
            return new Case(p.getFileName().toString(), p, file, Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4), List.copyOf(flags), Map.copyOf(modes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<PosixFilePermission> mode(String octal) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE};
        int bits = Integer.parseInt(octal, 8);
        for (int i = 0; i < 9; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
