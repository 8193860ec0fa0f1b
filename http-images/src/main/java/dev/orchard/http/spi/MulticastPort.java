package dev.orchard.http.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * What the multicast sender asks of {@code ops}: whether a Mac gets an image by multicast (and with which
 * settings), and the image's bytes. {@link #NONE}: multicast is off, every join is refused.
 */
public interface MulticastPort {

    /** The settings when the policy streams {@code image} (a restore step's {@code image}) to this Mac. */
    Optional<MulticastSettings> settingsFor(String mac, String image);

    /** Opens the image the file server serves under that name, with its (fresh) manifest. Blocking. */
    ImageChunks open(String image) throws IOException;

    /** Where streams and receivers are counted. */
    default MulticastMetrics metrics() {
        return MulticastMetrics.NONE;
    }

    MulticastPort NONE = new MulticastPort() {
        @Override
        public Optional<MulticastSettings> settingsFor(String mac, String image) {
            return Optional.empty();
        }

        @Override
        public ImageChunks open(String image) throws IOException {
            throw new IOException("multicast is off");
        }
    };
}
