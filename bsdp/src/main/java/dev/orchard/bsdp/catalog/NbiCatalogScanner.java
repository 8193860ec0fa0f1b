package dev.orchard.bsdp.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Scans folders for {@code .nbi} bundles and builds an {@link NbiCatalog}.
 *
 * <p>Bundles are found at the top of each root and one level below (so both a share point such as
 * {@code NetBootSP0} and its parent {@code /Library/NetBoot} work), in sorted path order, which stands in
 * for Apple's directory order and makes the result deterministic. A bundle with an error is reported and
 * skipped; the others are still served. A second bundle with an ID already taken is rejected, naming both
 * (Apple: "Ignoring image with non-unique image index").
 *
 * <p>List order is Apple's ({@code NBImageList_add_entry}, {@code NBImageList_add_default_entry}): an
 * IsDefault image without EnabledSystemIdentifiers goes to the very front; an IsDefault image restricted
 * to some models goes before the first image that is not an unrestricted default; others are appended.
 * A client's default is then the first image in this order that it may boot.
 */
public final class NbiCatalogScanner {

    private static final int DEPTH = 2;

    private final NbImageInfoReader reader;
    private final Clock clock;

    public NbiCatalogScanner(NbImageInfoReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** The production scanner: system DNS for indirect root paths, system clock. */
    public static NbiCatalogScanner standard() {
        return new NbiCatalogScanner(new NbImageInfoReader(new RootPathParser(RootPathParser.dns())), Clock.systemUTC());
    }

    public NbiCatalog scan(List<Path> roots) {
        List<NbImage> images = new ArrayList<>();
        List<CatalogProblem> problems = new ArrayList<>();
        for (Path root : roots) {
            for (Path bundle : bundles(root, problems)) {
                String relative = root.relativize(bundle).toString().replace('\\', '/');
                NbImageInfoReader.Result r = reader.read(bundle, relative);
                problems.addAll(r.problems());
                r.image().ifPresent(image -> add(images, image, problems));
            }
        }
        return new NbiCatalog(roots, images, problems, clock.instant());
    }

    private static List<Path> bundles(Path root, List<CatalogProblem> problems) {
        if (!Files.isDirectory(root)) {
            problems.add(new CatalogProblem(CatalogProblem.Severity.ERROR, root, "folder",
                    "is not a readable folder of .nbi bundles"));
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !p.equals(root) && p.getFileName().toString().endsWith(".nbi")
                            && Files.isDirectory(p) && !insideBundle(root, p))
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(new CatalogProblem(CatalogProblem.Severity.ERROR, root, "folder",
                    "cannot be listed: " + e.getMessage()));
            return List.of();
        }
    }

    /** A {@code .nbi} folder nested in another bundle is bundle content, not a bundle. */
    private static boolean insideBundle(Path root, Path p) {
        for (Path parent = p.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            if (parent.getFileName().toString().endsWith(".nbi")) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<NbImage> images, NbImage image, List<CatalogProblem> problems) {
        Optional<NbImage> clash = images.stream().filter(i -> i.id().equals(image.id())).findFirst();
        if (clash.isPresent()) {
            problems.add(new CatalogProblem(CatalogProblem.Severity.ERROR, image.bundle(), "Index",
                    "duplicate image ID " + image.id() + " (Index " + image.id().index() + ", Kind " + image.id().kind()
                            + (image.id().install() ? ", install" : "") + "): already used by "
                            + clash.get().bundle() + "; this bundle is not served"));
            return;
        }
        if (!image.isDefault()) {
            images.add(image);
        } else if (image.enabledSystemIds().isEmpty()) {
            images.add(0, image);
        } else {
            int at = 0;
            while (at < images.size() && images.get(at).isDefault() && images.get(at).enabledSystemIds().isEmpty()) {
                at++;
            }
            images.add(at, image);
        }
    }
}
