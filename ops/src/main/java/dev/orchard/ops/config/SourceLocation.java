package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where something was written: a file and a 1-based line and column. Every value read from a
 * configuration file keeps one, so that an error, a warning or {@code orchard explain} can point the
 * admin at the exact spot ({@code policies.d/art.yaml:12:7}).
 *
 * @param file   the file as the admin named it (relative to the working folder when it was given so)
 * @param line   1-based line, or 0 when only the file is known
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(Path file, int line, int column) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    /** A location for a whole file (line unknown), e.g. for "cannot read file". */
    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    /** {@code file:line:column}, {@code file:line} or {@code file}, as compilers print it. */
    @Override
    public String toString() {
        if (line <= 0) {
            return file.toString();
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
