package dev.orchard.ops.config;

/** One {@code include:} entry as written: a file, a folder (its {@code *.yaml}/{@code *.yml}) or a glob. */
public record IncludeEntry(String pattern, SourceLocation at) {
}
