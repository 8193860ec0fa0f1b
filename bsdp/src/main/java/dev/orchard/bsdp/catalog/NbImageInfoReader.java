package dev.orchard.bsdp.catalog;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.codec.Utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one bundle's {@code NBImageInfo.plist} (XML or binary, via dd-plist) with every key Apple's server
 * reads ({@code nbimages.c NBImageEntry_create}) plus DisabledSystemIdentifiers and Description, and
 * Apple's defaults: IsEnabled true, IsInstall/IsDefault/FilterOnly false, Kind 1 for NFS/HTTP, FilterOnly
 * true for Kind 3 (Diagnostics) when the key is absent, Architectures {@code [ppc]}, empty model and MAC
 * lists meaning "all".
 *
 * <p>Stricter than Apple where Apple silently ignores a mistake: a key of the wrong type, a Kind out of
 * range, a malformed MAC address are errors with the key named, so an admin learns why an image is missing.
 */
public final class NbImageInfoReader {

    public static final String INFO_PLIST = "NBImageInfo.plist";
    /** An NBImageInfo.plist is a few kilobytes; anything huge is not one. */
    static final long MAX_PLIST_BYTES = 1 << 20;

    /** What one bundle yielded: the image (absent when disabled or in error) and the problems found. */
    public record Result(Optional<NbImage> image, List<CatalogProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private final RootPathParser rootPaths;

    public NbImageInfoReader(RootPathParser rootPaths) {
        this.rootPaths = rootPaths;
    }

    /** Reads {@code bundle}, whose path relative to its catalog root is {@code relativePath}. */
    public Result read(Path bundle, String relativePath) {
        List<CatalogProblem> problems = new ArrayList<>();
        Path info = bundle.resolve(INFO_PLIST);
        NSDictionary dict;
        try {
            if (!Files.isRegularFile(info)) {
                return error(bundle, INFO_PLIST, "missing: every .nbi bundle needs one");
            }
            if (Files.size(info) > MAX_PLIST_BYTES) {
                return error(bundle, INFO_PLIST, "is " + Files.size(info) + " bytes; at most " + MAX_PLIST_BYTES);
            }
            NSObject root = PropertyListParser.parse(Files.readAllBytes(info));
            if (!(root instanceof NSDictionary d)) {
                return error(bundle, INFO_PLIST, "must hold a dictionary, found " + PlistFields.describe(root));
            }
            dict = d;
        } catch (IOException | RuntimeException | javax.xml.parsers.ParserConfigurationException
                 | org.xml.sax.SAXException | java.text.ParseException | com.dd.plist.PropertyListFormatException e) {
            return error(bundle, INFO_PLIST, "cannot be parsed as an XML or binary property list: " + e.getMessage());
        }
        PlistFields f = new PlistFields(dict, bundle, problems);
        if (!f.bool("IsEnabled").orElse(true)) {
            // Apple stops reading a disabled image here; so do we, but we say so
            if (problems.isEmpty()) {
                f.warn("IsEnabled", "false: the image is not offered");
            }
            return new Result(Optional.empty(), problems);
        }
        Optional<NbImage> image = build(f, bundle, relativePath);
        boolean errors = problems.stream().anyMatch(p -> p.severity() == CatalogProblem.Severity.ERROR);
        return new Result(errors ? Optional.empty() : image, problems);
    }

    private Optional<NbImage> build(PlistFields f, Path bundle, String relativePath) {
        boolean install = f.bool("IsInstall").orElse(false);
        boolean isDefault = f.bool("IsDefault").orElse(false);
        Optional<Boolean> filterOnlyKey = f.bool("FilterOnly");
        String description = f.string("Description").orElse("");
        Optional<String> name = f.string("Name");
        if (name.isEmpty() && !f.has("Name")) {
            f.error("Name", "missing: the menu name is required");
        } else if (name.isPresent() && name.get().isEmpty()) {
            f.error("Name", "must not be empty");
        } else if (name.isPresent() && Utf8.length(name.get()) > BootImage.NAME_MAX) {
            f.warn("Name", "is " + Utf8.length(name.get()) + " bytes; the BSDP menu shows at most the first "
                    + BootImage.NAME_MAX + " (cut before a character that does not fit whole, as Apple's server does)");
        }
        Optional<Long> index = f.integer("Index");
        if (index.isEmpty() && !f.has("Index")) {
            f.error("Index", "missing: an integer 1..65535 is required");
        } else if (index.isPresent() && (index.get() < 1 || index.get() > BootImageId.INDEX_MAX)) {
            f.error("Index", "must be 1..65535, was " + index.get()
                    + (index.get() == 0 ? " (0 is the null image, never sent)" : ""));
        }
        Optional<NbImageType> type = type(f);
        Optional<Integer> kind = kind(f, type);
        List<String> architectures = architectures(f);
        String bootFile = bootFile(f, bundle, architectures).orElse("");
        Optional<RootPath> rootPath = type.filter(t -> t == NbImageType.NFS || t == NbImageType.HTTP)
                .flatMap(t -> rootPaths.parse(f, bundle, t));
        Set<String> enabledModels = new LinkedHashSet<>(f.strings("EnabledSystemIdentifiers").orElse(List.of()));
        Set<String> disabledModels = new LinkedHashSet<>(f.strings("DisabledSystemIdentifiers").orElse(List.of()));
        Set<MacAddress> enabledMacs = macs(f, "EnabledMACAddresses");
        Set<MacAddress> disabledMacs = macs(f, "DisabledMACAddresses");
        if (name.isEmpty() || name.get().isEmpty() || index.isEmpty() || index.get() < 1 || index.get() > 0xFFFF
                || type.isEmpty() || kind.isEmpty() || bootFile.isEmpty()) {
            return Optional.empty();
        }
        boolean filterOnly = filterOnlyKey.orElse(kind.get() == BootImageId.KIND_DIAGNOSTICS);
        return Optional.of(new NbImage(bundle, relativePath, BootImageId.of(install, kind.get(), index.get().intValue()),
                name.get(), description, type.get(), isDefault, filterOnly, bootFile, architectures, rootPath,
                enabledModels, disabledModels, enabledMacs, disabledMacs));
    }

    private static Optional<NbImageType> type(PlistFields f) {
        Optional<String> raw = f.string("Type");
        if (raw.isEmpty()) {
            if (!f.has("Type")) {
                f.error("Type", "missing: one of NFS, HTTP, BootFileOnly is required");
            }
            return Optional.empty();
        }
        Optional<NbImageType> type = NbImageType.fromPlist(raw.get());
        if (type.isEmpty()) {
            f.error("Type", "'" + raw.get() + "' is not one of NFS, HTTP, BootFileOnly, Classic");
        } else if (type.get() == NbImageType.CLASSIC) {
            f.error("Type", "Classic (Mac OS 9 over AFP with shadow files) is not supported by Orchard");
            return Optional.empty();
        }
        return type;
    }

    /** Kind 0..127; absent means 1 (Mac OS X) for NFS and HTTP, and is required for BootFileOnly. */
    private static Optional<Integer> kind(PlistFields f, Optional<NbImageType> type) {
        Optional<Long> kind = f.integer("Kind");
        if (kind.isPresent()) {
            if (kind.get() < 0 || kind.get() > BootImageId.KIND_MAX) {
                f.error("Kind", "must be 0..127 (0 Mac OS 9, 1 Mac OS X, 2 Mac OS X Server, 3 Diagnostics), was "
                        + kind.get());
                return Optional.empty();
            }
            return Optional.of(kind.get().intValue());
        }
        if (f.has("Kind")) {
            return Optional.empty();
        }
        if (type.isPresent() && type.get() == NbImageType.BOOT_FILE_ONLY) {
            f.error("Kind", "missing: a BootFileOnly image must say its Kind (0..127)");
            return Optional.empty();
        }
        return Optional.of(BootImageId.KIND_MAC_OS_X);
    }

    private static List<String> architectures(PlistFields f) {
        if (!f.has("Architectures")) {
            return List.of("ppc");
        }
        List<String> archs = f.strings("Architectures").orElse(List.of());
        if (f.has("Architectures") && archs.isEmpty()) {
            f.error("Architectures", "must list at least one architecture, e.g. i386");
        }
        for (String a : archs) {
            if (!SafePaths.isPlainName(a)) {
                f.error("Architectures", "'" + a + "' is not a plain folder name");
                return List.of();
            }
        }
        return archs;
    }

    /** BootFile must exist as {@code <arch>/<BootFile>} for every architecture (Apple rejects the image otherwise). */
    private static Optional<String> bootFile(PlistFields f, Path bundle, List<String> architectures) {
        Optional<String> bootFile = f.string("BootFile");
        if (bootFile.isEmpty()) {
            if (!f.has("BootFile")) {
                f.error("BootFile", "missing: the booter file name (usually 'booter') is required");
            }
            return Optional.empty();
        }
        if (!SafePaths.isSafeRelative(bootFile.get())) {
            f.error("BootFile", "'" + bootFile.get() + "' must be a relative path inside the architecture folder");
            return Optional.empty();
        }
        boolean ok = true;
        for (String arch : architectures) {
            Path booter = bundle.resolve(arch).resolve(bootFile.get());
            if (!Files.isRegularFile(booter)) {
                f.error("BootFile", "booter missing for architecture " + arch + ": " + arch + "/" + bootFile.get()
                        + " does not exist in the bundle");
                ok = false;
            }
        }
        return ok ? bootFile : Optional.empty();
    }

    private static Set<MacAddress> macs(PlistFields f, String key) {
        Set<MacAddress> out = new LinkedHashSet<>();
        for (String s : f.strings(key).orElse(List.of())) {
            try {
                out.add(MacAddress.parse(s));
            } catch (IllegalArgumentException e) {
                f.error(key, e.getMessage());
            }
        }
        return out;
    }

    private static Result error(Path bundle, String key, String message) {
        return new Result(Optional.empty(),
                List.of(new CatalogProblem(CatalogProblem.Severity.ERROR, bundle, key, message)));
    }
}
