package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.catalog.NbImage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The images one Mac may see and boot, in menu order, and its default. Images are catalog images, so
 * everything the reply needs (ID, name, booter, root path) comes with them.
 *
 * @param images       the offered images, at least one, IDs unique
 * @param defaultImage the default (BSDP sub-option 7 in ACK[LIST]; the image booted by a SELECT without
 *                     sub-option 8); one of {@code images}. A LIST without one shows the first image as default.
 */
public record BootOffer(List<NbImage> images, Optional<NbImage> defaultImage) {

    public BootOffer {
        images = List.copyOf(images);
        Objects.requireNonNull(defaultImage, "defaultImage");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an offer has at least one image; answer Optional.empty() to stay silent");
        }
        if (images.stream().map(NbImage::id).distinct().count() != images.size()) {
            throw new IllegalArgumentException("offered image IDs must be unique");
        }
        if (defaultImage.isPresent() && !images.contains(defaultImage.get())) {
            throw new IllegalArgumentException("the default image " + defaultImage.get().bundleName()
                    + " is not among the offered images");
        }
    }

    /** Offers {@code images} with the first as default. */
    public static BootOffer of(List<NbImage> images) {
        return new BootOffer(images, images.isEmpty() ? Optional.empty() : Optional.of(images.get(0)));
    }
}
