package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.codec.BsdpMessageType;

import java.util.List;
import java.util.Optional;

/**
 * The default policy: what Apple's server offers from the NBImageInfo.plist filters alone
 * ({@code bsdpd.c}, {@code nbimages.c}).
 *
 * <ul>
 *   <li>LIST: every image whose Architectures, EnabledSystemIdentifiers / DisabledSystemIdentifiers and
 *       Enabled/DisabledMACAddresses admit the Mac and whose attributes match its filter (FilterOnly
 *       images only when a filter asks for them), in catalog order; the default is the first of them.
 *   <li>SELECT: Apple checks only the architecture, model and MAC filters for the chosen image, so every
 *       such image is allowed; the default (SELECT without sub-option 8) is the first that is not FilterOnly.
 * </ul>
 */
public final class CatalogBootPolicy implements BootPolicy {

    @Override
    public Optional<BootOffer> offer(BootClient client, NbiCatalog catalog) {
        List<NbImage> supported = catalog.images().stream()
                .filter(i -> i.supports(client.architecture(), client.systemId(), client.mac())).toList();
        if (client.request() == BsdpMessageType.LIST) {
            List<NbImage> listed = supported.stream().filter(i -> i.matchesAttributes(client.attributesFilter())).toList();
            return listed.isEmpty() ? Optional.empty() : Optional.of(BootOffer.of(listed));
        }
        if (supported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BootOffer(supported,
                supported.stream().filter(i -> i.matchesAttributes(List.of())).findFirst()));
    }
}
