package dev.orchard.bsdp.catalog;

import java.util.Optional;

/** The {@code Type} key of NBImageInfo.plist (bootp {@code NetBootImageInfo.h}). */
public enum NbImageType {
    /** Mac OS 9 over AFP with shadow files; read but not served (needs diskless AFP resources). */
    CLASSIC("Classic"),
    /** Root image mounted over NFS: option 17 {@code nfs:<ip>:<export>:<path>}. */
    NFS("NFS"),
    /** Root image fetched over HTTP: option 17 {@code http://<ip>/<path>}. */
    HTTP("HTTP"),
    /** Only a boot file over TFTP, no root image (no option 17). */
    BOOT_FILE_ONLY("BootFileOnly");

    private final String plistValue;

    NbImageType(String plistValue) {
        this.plistValue = plistValue;
    }

    public String plistValue() {
        return plistValue;
    }

    public static Optional<NbImageType> fromPlist(String value) {
        for (NbImageType t : values()) {
            if (t.plistValue.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
