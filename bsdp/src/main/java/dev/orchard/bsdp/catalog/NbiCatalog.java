package dev.orchard.bsdp.catalog;

import dev.orchard.bsdp.codec.BootImageId;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of the served netboot images, in Apple's list order (see {@link NbiCatalogScanner}),
 * with the problems found while scanning. A rescan builds a new snapshot and swaps it whole, so a request
 * always sees one consistent catalog.
 *
 * @param roots     the scanned folders
 * @param images    the served images, in list order; IDs unique
 * @param problems  every problem found (errors skipped a bundle; warnings did not)
 * @param scannedAt when the scan finished
 */
public record NbiCatalog(List<Path> roots, List<NbImage> images, List<CatalogProblem> problems, Instant scannedAt) {

    public NbiCatalog {
        roots = List.copyOf(roots);
        images = List.copyOf(images);
        problems = List.copyOf(problems);
        Objects.requireNonNull(scannedAt, "scannedAt");
        if (images.stream().map(NbImage::id).distinct().count() != images.size()) {
            throw new IllegalArgumentException("image IDs in a catalog must be unique");
        }
    }

    public static NbiCatalog empty() {
        return new NbiCatalog(List.of(), List.of(), List.of(), Instant.EPOCH);
    }

    public Optional<NbImage> byId(BootImageId id) {
        return images.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** Images whose menu Name is {@code name} (names need not be unique). */
    public List<NbImage> byName(String name) {
        return images.stream().filter(i -> i.name().equals(name)).toList();
    }

    /** The image in the folder named {@code bundleName} ({@code Foo.nbi}); folder names are unique per root. */
    public Optional<NbImage> byBundleName(String bundleName) {
        return images.stream().filter(i -> i.bundleName().equals(bundleName)).findFirst();
    }

    public List<CatalogProblem> errors() {
        return problems.stream().filter(p -> p.severity() == CatalogProblem.Severity.ERROR).toList();
    }
}
