package dev.orchard.tftp.spi;

import java.util.List;

/**
 * Resolves a requested TFTP file name to an opened file, or refuses it with the TFTP error to send.
 * Called off the event loop (it touches the disk). {@link RootedFileSource} is the default;
 * {@link #firstOf(List)} composes several roots.
 *
 * <pre>{@code
 * TftpFileSource nbi = RootedFileSource.builder(Path.of("/srv/nbi"))
 *         .prefix("/private/tftpboot/NetBoot/NetBootSP0/").build();
 * }</pre>
 */
@FunctionalInterface
public interface TftpFileSource {

    /** Opens {@code requestedName} (octets as chars, exactly as the client sent it). */
    Resolution open(String requestedName);

    /**
     * The first source that opens the name wins. When all refuse, the answer is the first refusal that is
     * not "not found" (an access violation must not be hidden), else the first "not found".
     */
    static TftpFileSource firstOf(List<TftpFileSource> sources) {
        List<TftpFileSource> copy = List.copyOf(sources);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one file source");
        }
        return name -> {
            Resolution.Refused notFound = null;
            for (TftpFileSource source : copy) {
                Resolution r = source.open(name);
                if (r instanceof Resolution.Opened) {
                    return r;
                }
                Resolution.Refused refused = (Resolution.Refused) r;
                if (refused.reason() != RefusalReason.NOT_FOUND) {
                    return refused;
                }
                if (notFound == null) {
                    notFound = refused;
                }
            }
            return notFound;
        };
    }
}
