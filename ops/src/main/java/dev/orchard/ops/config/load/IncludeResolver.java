package dev.orchard.ops.config.load;

import dev.orchard.ops.config.IncludeEntry;
import dev.orchard.ops.config.Problems;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns {@code include:} entries into files, in a defined order: entries as listed; a folder gives its
 * {@code *.yaml} and {@code *.yml} files and a glob (wildcards in the last path segment, e.g.
 * {@code policies.d/*.yaml}) its matches, each sorted by name, so {@code 10-art.yaml} comes before
 * {@code 20-music.yaml}. Order matters: it is the order in which policy rules are evaluated.
 */
final class IncludeResolver {

    /** What the entries name: the files in order, and the folders to watch for files added later. */
    record Resolved(List<Path> files, List<Path> folders) {
    }

    private IncludeResolver() {
    }

    static Resolved resolve(Path mainFile, List<IncludeEntry> entries, Problems problems) {
        Path base = folderOf(mainFile);
        Set<Path> files = new LinkedHashSet<>();
        List<Path> folders = new ArrayList<>();
        Path mainReal = real(mainFile);
        for (IncludeEntry entry : entries) {
            String pattern = entry.pattern();
            List<Path> found;
            if (isGlob(pattern)) {
                Path target = base.resolve(pattern).normalize();
                Path folder = folderOf(target);
                if (isGlob(folder.toString())) {
                    problems.error(entry.at(), "include '" + pattern + "': wildcards are allowed in the file name only"
                            + " (e.g. policies.d/*.yaml)");
                    continue;
                }
                folders.add(folder);
                found = list(folder, folder.getFileSystem().getPathMatcher("glob:" + target.getFileName()));
                if (found.isEmpty()) {
                    problems.warn(entry.at(), "include '" + pattern + "' matches no file");
                }
            } else {
                Path target = base.resolve(pattern).normalize();
                if (Files.isDirectory(target)) {
                    folders.add(target);
                    found = list(target, target.getFileSystem().getPathMatcher("glob:*.{yaml,yml}"));
                } else if (Files.isRegularFile(target)) {
                    found = List.of(target);
                } else {
                    problems.error(entry.at(), "include '" + pattern + "': no such file or folder (" + target + ")");
                    continue;
                }
            }
            for (Path f : found) {
                if (real(f).equals(mainReal)) {
                    problems.error(entry.at(), "include '" + pattern + "' names the main configuration file itself");
                } else if (!files.add(f)) {
                    problems.warn(entry.at(), "include '" + pattern + "': " + f + " is already included; read once");
                }
            }
        }
        return new Resolved(List.copyOf(files), List.copyOf(folders));
    }

    private static List<Path> list(Path folder, PathMatcher nameMatcher) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && nameMatcher.matches(p.getFileName())
                        && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> sorted = out.stream().sorted()) {
            return sorted.toList();
        }
    }

    /** The folder of {@code file} as the admin wrote it (relative stays relative, for readable messages). */
    static Path folderOf(Path file) {
        Path parent = file.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
