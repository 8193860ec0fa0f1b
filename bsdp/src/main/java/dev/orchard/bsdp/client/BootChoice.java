package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.BootImageId;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a Mac without a boot menu picks among the ACK[LIST]s it gathered (spec §4.6): the offer carrying
 * a selected image (sub-option 8, an existing binding) wins; otherwise the highest server priority
 * (sub-option 4), with its default image (sub-option 7).
 *
 * @param offer the chosen server's offer
 * @param image the image to SELECT
 */
public record BootChoice(ListOffer offer, BootImageId image) {

    public static Optional<BootChoice> choose(List<ListOffer> offers) {
        Optional<BootChoice> bound = offers.stream().filter(o -> o.selected().isPresent()).findFirst()
                .map(o -> new BootChoice(o, o.selected().get()));
        if (bound.isPresent()) {
            return bound;
        }
        return offers.stream().filter(o -> o.defaultImage().isPresent())
                .max(Comparator.comparingInt(ListOffer::priority))
                .map(o -> new BootChoice(o, o.defaultImage().get()));
    }
}
