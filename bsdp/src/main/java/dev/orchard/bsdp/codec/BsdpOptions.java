package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The BSDP content of a message: every sub-option of the spec, typed (spec §3.4.5–§3.4.16). Absent
 * sub-options are empty. Decoded from all option-43 instances of a packet together, as Apple's
 * {@code dhcpol_parse_vendor} does; the image list is the concatenation of every sub-option 9.
 *
 * @param messageType        1 LIST, 2 SELECT, 3 FAILED (raw, so an unknown type can be reported)
 * @param version            0x0101, 0x0100 or 0x0000 from clients
 * @param serverIdentifier   the chosen server, in INFORM[SELECT]
 * @param serverPriority     0..65535, in ACK[LIST]
 * @param replyPort          where the client wants the reply (must be &lt; 1024 for Apple's server)
 * @param bootImageListPath  "not used" by the spec
 * @param defaultImage       the default image, in ACK[LIST]
 * @param selectedImage      the bound / chosen image
 * @param imageList          the boot image list, in ACK[LIST]; empty when absent
 * @param netboot10Firmware  sub-option 10 present (a NetBoot 1.0 machine)
 * @param attributesFilter   image attributes the client wants; empty means no filter
 * @param maxMessageSize     the largest reply the client accepts (sub-option 12)
 * @param shadowMountPath    diskless shadow mount URL
 * @param shadowFilePath     diskless shadow file
 * @param machineName        the name the server gave this client
 */
public record BsdpOptions(OptionalInt messageType, OptionalInt version, Optional<Inet4Address> serverIdentifier,
                          OptionalInt serverPriority, OptionalInt replyPort, Optional<String> bootImageListPath,
                          Optional<BootImageId> defaultImage, Optional<BootImageId> selectedImage,
                          List<BootImage> imageList, boolean netboot10Firmware, List<Integer> attributesFilter,
                          OptionalInt maxMessageSize, Optional<String> shadowMountPath,
                          Optional<String> shadowFilePath, Optional<String> machineName) {

    public BsdpOptions {
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverIdentifier, "serverIdentifier");
        Objects.requireNonNull(serverPriority, "serverPriority");
        Objects.requireNonNull(replyPort, "replyPort");
        Objects.requireNonNull(bootImageListPath, "bootImageListPath");
        Objects.requireNonNull(defaultImage, "defaultImage");
        Objects.requireNonNull(selectedImage, "selectedImage");
        imageList = List.copyOf(imageList);
        attributesFilter = List.copyOf(attributesFilter);
        Objects.requireNonNull(maxMessageSize, "maxMessageSize");
        Objects.requireNonNull(shadowMountPath, "shadowMountPath");
        Objects.requireNonNull(shadowFilePath, "shadowFilePath");
        Objects.requireNonNull(machineName, "machineName");
        for (int a : attributesFilter) {
            if (a < 0 || a > 0xFFFF) {
                throw new IllegalArgumentException("an image attribute is 16 bits, was " + a);
            }
        }
    }

    /** The message type when it is one of LIST, SELECT, FAILED. */
    public Optional<BsdpMessageType> bsdpMessageType() {
        return messageType.isPresent() ? BsdpMessageType.of(messageType.getAsInt()) : Optional.empty();
    }

    public static BsdpOptionsBuilder builder() {
        return new BsdpOptionsBuilder();
    }

    public BsdpOptionsBuilder toBuilder() {
        return new BsdpOptionsBuilder(this);
    }
}
