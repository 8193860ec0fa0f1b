package dev.orchard.bsdp.codec;

import java.util.Locale;

/**
 * A BSDP boot image identifier (BSDP spec §3.4.2; bootp {@code bsdp.h}): a 32-bit value, big-endian on
 * the wire.
 *
 * <pre>
 * byte 0: bit 7 = install, bits 6..0 = kind    byte 1: reserved    bytes 2..3: index
 * </pre>
 *
 * Kind 0 = Mac OS 9, 1 = Mac OS X, 2 = Mac OS X Server, 3 = Hardware Diagnostics. Index 0 is the null
 * image a server must never send; 1..4095 are local to one server, 4096..65535 are global (identical
 * IDs on several servers are one menu entry, for load balancing). Uniqueness is on all 32 bits.
 *
 * @param value the raw 32 bits
 */
public record BootImageId(int value) {

    public static final int KIND_MAC_OS_9 = 0;
    public static final int KIND_MAC_OS_X = 1;
    public static final int KIND_MAC_OS_X_SERVER = 2;
    public static final int KIND_DIAGNOSTICS = 3;
    public static final int KIND_MAX = 0x7F;
    public static final int INDEX_MAX = 0xFFFF;

    /** Builds an ID from its parts; {@code kind} 0..127, {@code index} 0..65535. */
    public static BootImageId of(boolean install, int kind, int index) {
        if (kind < 0 || kind > KIND_MAX) {
            throw new IllegalArgumentException("kind must be 0..127, was " + kind);
        }
        if (index < 0 || index > INDEX_MAX) {
            throw new IllegalArgumentException("index must be 0..65535, was " + index);
        }
        return new BootImageId((install ? 0x8000_0000 : 0) | (kind << 24) | index);
    }

    public boolean install() {
        return value < 0;
    }

    public int kind() {
        return (value >>> 24) & KIND_MAX;
    }

    public int index() {
        return value & 0xFFFF;
    }

    /** The 16 attribute bits the image attributes filter (sub-option 11) compares: {@code id >> 16}. */
    public int attributes() {
        return value >>> 16;
    }

    /** Index 0: "no image"; never sent by a server (bsdpy 52a0776: clients reject it). */
    public boolean isNull() {
        return index() == 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "0x%08X", value);
    }
}
