package dev.orchard.bsdp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One entry of the BSDP boot image list (sub-option 9, spec §3.4.13):
 * {@code ID(4) | NameLen(1) | Name(NameLen bytes, UTF-8, no NUL)}.
 *
 * @param id   the image identifier
 * @param name the menu name; at most 255 bytes in UTF-8 (the encoder cuts names to {@link #NAME_MAX})
 */
public record BootImage(BootImageId id, String name) {

    /** {@code BSDP_IMAGE_NAME_MAX} = 255 − 2 − 2 − 5: one entry must fit in one sub-option of one option 43. */
    public static final int NAME_MAX = 246;

    public BootImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("an image name has at most 255 bytes: " + name);
        }
    }

    /** The name as sent: UTF-8, cut at a character boundary to at most {@link #NAME_MAX} bytes. */
    public byte[] wireName() {
        return Utf8.truncate(name, NAME_MAX);
    }

    /** Size of this entry on the wire. */
    public int wireLength() {
        return 5 + wireName().length;
    }
}
