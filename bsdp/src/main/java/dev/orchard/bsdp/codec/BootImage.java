package dev.orchard.bsdp.codec;

import java.util.Objects;

/**
 * One entry of the BSDP boot image list (sub-option 9, spec §3.4.13):
 * {@code ID(4) | NameLen(1) | Name(NameLen bytes, UTF-8, no NUL)}.
 *
 * <p>Any name is accepted: a bundle's Name may be longer than one sub-option can carry, and refusing it
 * here would fail the whole ACK[LIST] (every Mac asking gets no reply). It is sent cut to
 * {@link #NAME_MAX} bytes at a character boundary, as Apple's server does: {@code NBImageEntry_create}
 * (bootp {@code nbimages.c}) converts the Name with {@code CFStringGetBytes} into a
 * {@code BSDP_IMAGE_NAME_MAX}-byte buffer, which converts whole characters only, and
 * {@code S_insert_image_list} (bsdpd.c) then caps the length at the same 246 bytes. Cutting raw bytes
 * could split a multi-byte character and put invalid UTF-8 in the menu; we never do.
 *
 * @param id   the image identifier
 * @param name the menu name, any length; {@link #wireName()} is what is sent
 */
public record BootImage(BootImageId id, String name) {

    /** {@code BSDP_IMAGE_NAME_MAX} = 255 − 2 − 2 − 5: one entry must fit in one sub-option of one option 43. */
    public static final int NAME_MAX = 246;

    public BootImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
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
