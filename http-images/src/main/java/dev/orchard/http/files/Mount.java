package dev.orchard.http.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A URL prefix served from a folder, e.g. {@code /images} → {@code /srv/orchard/images}. The prefix is a
 * list of clean path segments ({@code []} for {@code /}).
 */
public record Mount(List<String> prefix, Path root, MountKind kind) {

    public Mount {
        prefix = List.copyOf(prefix);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(kind, "kind");
    }

    /** A mount from a prefix written as a URL path ({@code "/NetBoot/NetBootSP0"}, {@code "/"}). */
    public static Mount of(String prefix, Path root, MountKind kind) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("mount prefix must start with '/': " + prefix);
        }
        List<String> segments = java.util.Arrays.stream(prefix.split("/"))
                .filter(s -> !s.isEmpty()).toList();
        for (String s : segments) {
            if (s.equals(".") || s.equals("..") || s.contains("\\") || s.contains("%")) {
                throw new IllegalArgumentException("mount prefix has a bad segment '" + s + "': " + prefix);
            }
        }
        return new Mount(segments, root, kind);
    }

    public String prefixPath() {
        return "/" + String.join("/", prefix);
    }
}
