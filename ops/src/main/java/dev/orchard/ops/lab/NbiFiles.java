package dev.orchard.ops.lab;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.catalog.RootPath;
import dev.orchard.bsdp.codec.BootImageId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The lab's own reading of the NBI folders the configuration names: the same catalog scan the server
 * does, so a Mac can check every byte it is served against the file it should be (booter, kernelcache,
 * root image) and know which bundle an image ID belongs to.
 *
 * <p>Kernelcache: the booter loads it over TFTP from beside itself. NBIs built by System Image Utility
 * and AutoNBI for 10.7 and later keep it at {@code i386/x86_64/kernelcache}; older ones at
 * {@code i386/kernelcache}. The lab asks for whichever the bundle has, relative to the booter's path
 * in the ACK's {@code file} field, as the booter does.
 */
public final class NbiFiles {

    /** Where NBIs keep the kernelcache, relative to the booter's folder, newest layout first. */
    static final List<String> KERNELCACHE_NAMES = List.of("x86_64/kernelcache", "kernelcache");

    private final NbiCatalog catalog;

    private NbiFiles(NbiCatalog catalog) {
        this.catalog = catalog;
    }

    public static NbiFiles scan(List<Path> nbiFolders) {
        return new NbiFiles(NbiCatalogScanner.standard().scan(nbiFolders));
    }

    public NbiCatalog catalog() {
        return catalog;
    }

    public Optional<NbImage> byId(BootImageId id) {
        return catalog.byId(id);
    }

    /** True when {@code image} is what a policy calls {@code nbi}. */
    public static boolean isCalled(NbImage image, String nbi) {
        return image.name().equals(nbi);
    }

    /** The booter on disk for an architecture. */
    public static Path booter(NbImage image, String architecture) {
        return image.bundle().resolve(architecture).resolve(image.bootFile());
    }

    /** The kernelcache's path relative to the booter's folder, or empty when the bundle has none. */
    public static Optional<String> kernelcacheName(NbImage image, String architecture) {
        Path folder = image.bundle().resolve(architecture);
        return KERNELCACHE_NAMES.stream().filter(n -> Files.isRegularFile(folder.resolve(n))).findFirst();
    }

    /** The root disk image inside the bundle (option 17 points at it), or empty for indirect/no root path. */
    public static Optional<Path> rootImage(NbImage image) {
        return image.rootPath().filter(RootPath.BundleFile.class::isInstance)
                .map(r -> image.bundle().resolve(((RootPath.BundleFile) r).relativePath()));
    }
}
