package dev.orchard.bsdp.catalog;

import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One served netboot image: a {@code .nbi} bundle and what its NBImageInfo.plist says, validated.
 * Only enabled images with every required key and file present become an {@code NbImage}.
 *
 * @param bundle            the {@code .nbi} folder
 * @param relativePath      the bundle relative to its catalog root, '/'-separated ({@code Foo.nbi},
 *                          {@code NetBootSP0/Foo.nbi}); the TFTP and HTTP paths are built from it
 * @param id                Index, Kind and IsInstall as a boot image ID
 * @param name              menu name (Name)
 * @param description       Description, or empty
 * @param type              Type
 * @param isDefault         IsDefault
 * @param filterOnly        FilterOnly (defaults to true for Kind 3, Diagnostics, as Apple does)
 * @param bootFile          BootFile, found under {@code <arch>/} for every architecture
 * @param architectures     Architectures (Apple's default: {@code ppc})
 * @param rootPath          RootPath for NFS and HTTP images
 * @param enabledSystemIds  EnabledSystemIdentifiers; empty means every model
 * @param disabledSystemIds DisabledSystemIdentifiers (DeployStudio, bsdpy); never offered to these models
 * @param enabledMacs       EnabledMACAddresses; empty means every machine
 * @param disabledMacs      DisabledMACAddresses; wins over enabled
 */
public record NbImage(Path bundle, String relativePath, BootImageId id, String name, String description,
                      NbImageType type, boolean isDefault, boolean filterOnly, String bootFile,
                      List<String> architectures, Optional<RootPath> rootPath, Set<String> enabledSystemIds,
                      Set<String> disabledSystemIds, Set<MacAddress> enabledMacs, Set<MacAddress> disabledMacs) {

    public NbImage {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bootFile, "bootFile");
        architectures = List.copyOf(architectures);
        Objects.requireNonNull(rootPath, "rootPath");
        enabledSystemIds = Set.copyOf(enabledSystemIds);
        disabledSystemIds = Set.copyOf(disabledSystemIds);
        enabledMacs = Set.copyOf(enabledMacs);
        disabledMacs = Set.copyOf(disabledMacs);
        if (id.isNull()) {
            throw new IllegalArgumentException("image index 0 is the null image");
        }
    }

    /** The folder name, e.g. {@code Foo.nbi}. */
    public String bundleName() {
        return bundle.getFileName().toString();
    }

    /** The entry of the BSDP image list. */
    public BootImage listEntry() {
        return new BootImage(id, name);
    }

    /**
     * Apple's {@code NBImageEntry_supported_sysid}, plus DisabledSystemIdentifiers: the architecture must
     * be listed, the model enabled (when a list is given) and not disabled, the MAC not disabled and
     * enabled (when a list is given).
     */
    public boolean supports(String architecture, String systemId, MacAddress mac) {
        if (!architectures.contains(architecture)) {
            return false;
        }
        if (!enabledSystemIds.isEmpty() && !enabledSystemIds.contains(systemId)) {
            return false;
        }
        if (disabledSystemIds.contains(systemId) || disabledMacs.contains(mac)) {
            return false;
        }
        return enabledMacs.isEmpty() || enabledMacs.contains(mac);
    }

    /**
     * Apple's {@code NBImageEntry_attributes_match}: with no filter, every image but FilterOnly ones;
     * with a filter (sub-option 11), only images whose attributes ({@code id >> 16}) are listed.
     */
    public boolean matchesAttributes(List<Integer> attributesFilter) {
        if (attributesFilter.isEmpty()) {
            return !filterOnly;
        }
        return attributesFilter.contains(id.attributes());
    }

    /** The booter for {@code architecture}, relative to the catalog root: {@code Foo.nbi/i386/booter}. */
    public String bootFilePath(String architecture) {
        return relativePath + "/" + architecture + "/" + bootFile;
    }
}
