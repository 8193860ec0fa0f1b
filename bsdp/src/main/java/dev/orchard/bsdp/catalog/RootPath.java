package dev.orchard.bsdp.catalog;

/**
 * Where the root disk image of an NFS or HTTP image lives (NBImageInfo.plist {@code RootPath}; bootp
 * {@code nbimages.c NBImageEntry_create}): either a file inside the bundle, or an "indirect" location on
 * another server, already rewritten with a numeric IP because xnu parses NFS hosts with {@code inet_aton}
 * and the EFI client does no DNS.
 */
public sealed interface RootPath {

    /** A file in the bundle, relative to the {@code .nbi} folder, e.g. {@code NetInstall.dmg}. */
    record BundleFile(String relativePath) implements RootPath {
    }

    /**
     * A pre-formatted option-17 value: {@code nfs:<ip>:<mount>[:<image>]} or
     * {@code http://[user:pass@]<ip>[:port]/<path>}.
     */
    record Indirect(String value) implements RootPath {
    }
}
