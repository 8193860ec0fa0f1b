package dev.orchard.bsdp.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads BSDP sub-options over as many option-43 instances as needed, exactly as Apple's server does
 * ({@code bsdpd.c S_insert_image_list}, {@code dhcp_options.c dhcpoa_vendor_add}):
 *
 * <ul>
 *   <li>every instance is at most 255 bytes and holds only whole sub-options (RFC 2132 §2; spec §3.4.13);
 *   <li>the first instance holds the other sub-options (1, 4, 7, [8] in an ACK[LIST]) and then one
 *       sub-option 9 with as many image entries as fit;
 *   <li>every later instance holds one more sub-option 9 (at most 253 bytes of entries);
 *   <li>when the next entry no longer fits in the packet's remaining option space, the list is cut
 *       there: a prefix of the list is sent (Apple logs "image list truncated to first %d images").
 * </ul>
 *
 * A client concatenates the payloads of every sub-option 9 in order, so it sees exactly the prefix.
 */
public final class VendorAreaLayout {

    /** The outcome: the option-43 instances in order, and how many images of the list they carry. */
    public record Result(List<DhcpOption> instances, int imagesIncluded, int imagesOffered) {
        public Result {
            instances = List.copyOf(instances);
        }

        public boolean truncated() {
            return imagesIncluded < imagesOffered;
        }

        /** Bytes these instances take in the options area, their 2-byte headers included. */
        public int wireLength() {
            return instances.stream().mapToInt(o -> 2 + o.length()).sum();
        }
    }

    private VendorAreaLayout() {
    }

    /**
     * @param subOptions the sub-options other than the image list, encoded, in the order to send
     * @param images     the image list, in order
     * @param budget     bytes of option space available to all option-43 instances, headers included
     * @throws IllegalArgumentException when the sub-options other than the list do not fit in {@code budget}
     */
    public static Result layout(List<DhcpOption> subOptions, List<BootImage> images, int budget) {
        List<DhcpOption> out = new ArrayList<>();
        Instance cur = new Instance(capacity(budget));
        for (DhcpOption s : subOptions) {
            int len = 2 + s.length();
            if (cur.used() + len > cur.capacity) {
                budget -= cur.flushInto(out);
                cur = new Instance(capacity(budget));
            }
            if (len > cur.capacity) {
                throw new IllegalArgumentException("BSDP sub-option " + s.code() + " (" + len
                        + " bytes) does not fit in the reply's option space");
            }
            cur.add(s.code(), s.data());
        }
        int room = cur.capacity - cur.used() - 2;
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int included = 0;
        for (BootImage image : images) {
            byte[] name = image.wireName();
            int entryLength = 5 + name.length;
            if (entryLength > room) {
                if (entries.size() > 0) {
                    cur.add(BsdpSubOption.BOOT_IMAGE_LIST, entries.toByteArray());
                    entries.reset();
                }
                budget -= cur.flushInto(out);
                cur = new Instance(capacity(budget));
                room = cur.capacity - 2;
                if (entryLength > room) {
                    break; // the packet is full
                }
            }
            int id = image.id().value();
            entries.write(id >>> 24);
            entries.write(id >>> 16);
            entries.write(id >>> 8);
            entries.write(id);
            entries.write(name.length);
            entries.writeBytes(name);
            room -= entryLength;
            included++;
        }
        if (entries.size() > 0) {
            cur.add(BsdpSubOption.BOOT_IMAGE_LIST, entries.toByteArray());
        }
        cur.flushInto(out);
        return new Result(out, included, images.size());
    }

    /** One option 43 is at most 255 bytes, and never more than the space left after its own 2-byte header. */
    private static int capacity(int budget) {
        return Math.max(0, Math.min(DhcpOption.MAX_DATA, budget - 2));
    }

    /** One option-43 payload being filled. */
    private static final class Instance {
        private final int capacity;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Instance(int capacity) {
            this.capacity = capacity;
        }

        int used() {
            return bytes.size();
        }

        void add(int code, byte[] data) {
            bytes.write(code);
            bytes.write(data.length);
            bytes.writeBytes(data);
        }

        /** Appends this instance (when not empty) and returns the option space it took. */
        int flushInto(List<DhcpOption> out) {
            if (bytes.size() == 0) {
                return 0;
            }
            out.add(new DhcpOption(DhcpOption.VENDOR_SPECIFIC, bytes.toByteArray()));
            return 2 + bytes.size();
        }
    }
}
