package dev.orchard.bsdp.codec;

/**
 * BSDP sub-option codes inside DHCP option 43 (spec §3.4; bootp {@code bsdp.h} {@code bsdptag_t}). All
 * are decimal: the "0x10 legacy / 0x11 attributes" found in some projects are hex typos for 10 and 11.
 */
public final class BsdpSubOption {

    public static final int MESSAGE_TYPE = 1;
    public static final int VERSION = 2;
    public static final int SERVER_IDENTIFIER = 3;
    public static final int SERVER_PRIORITY = 4;
    public static final int REPLY_PORT = 5;
    /** Spec: "not used". Decoded and encoded for completeness only. */
    public static final int BOOT_IMAGE_LIST_PATH = 6;
    public static final int DEFAULT_BOOT_IMAGE = 7;
    public static final int SELECTED_BOOT_IMAGE = 8;
    public static final int BOOT_IMAGE_LIST = 9;
    public static final int NETBOOT_1_0_FIRMWARE = 10;
    public static final int ATTRIBUTES_FILTER_LIST = 11;
    public static final int MAX_MESSAGE_SIZE = 12;
    public static final int SHADOW_MOUNT_PATH = 128;
    public static final int SHADOW_FILE_PATH = 129;
    public static final int MACHINE_NAME = 130;

    /** Version 1.1, what current clients send. */
    public static final int VERSION_1_1 = 0x0101;
    /** Version 1.0: such a client gets no image list (option 9) in ACK[LIST]. */
    public static final int VERSION_1_0 = 0x0100;
    /** Accepted by Apple's server and treated as a NetBoot 1.0 client. */
    public static final int VERSION_0_0 = 0x0000;

    private BsdpSubOption() {
    }

    /** The three versions Apple's {@code is_bsdp_packet} accepts; any other is not a BSDP packet. */
    public static boolean isSupportedVersion(int version) {
        return version == VERSION_1_1 || version == VERSION_1_0 || version == VERSION_0_0;
    }
}
