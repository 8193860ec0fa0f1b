package dev.orchard.ops.wiring;

import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.Resolution;
import dev.orchard.tftp.spi.RootedFileSource;
import dev.orchard.tftp.spi.TftpFileSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TFTP side of the NBI folders: booters and kernelcaches served read-only from every NBI folder (the
 * first folder holding the name wins). The BSDP server names the booter {@code <prefix>/Foo.nbi/i386/booter}
 * in ACK[SELECT] ({@link #bootFilePrefix}); this source accepts exactly that name, and also the other
 * spellings firmware and old setups use: {@code /<prefix>/…}, Apple's
 * {@code /private/tftpboot/NetBoot/NetBootSP0/…}, {@code /private/tftpboot/<prefix>/…} and the bare
 * {@code Foo.nbi/…}. While the server stops, new requests are refused so running transfers can finish.
 */
public final class BootFiles implements TftpFileSource {

    private static final String APPLE_TFTPBOOT = "/private/tftpboot/";

    private final String prefix;
    private final TftpFileSource folders;
    private final AtomicBoolean draining = new AtomicBoolean();

    private BootFiles(String prefix, TftpFileSource folders) {
        this.prefix = prefix;
        this.folders = folders;
    }

    /**
     * @param prefix {@code server.tftp.prefix}, e.g. {@code NetBoot/NetBootSP0} (slashes around it ignored)
     * @throws IllegalArgumentException when an NBI folder does not exist
     */
    public static BootFiles of(List<Path> nbiFolders, String prefix) {
        String p = bootFilePrefix(prefix);
        List<TftpFileSource> sources = new ArrayList<>();
        for (Path folder : nbiFolders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("images.nbi_folders: " + folder + " is not a folder");
            }
            RootedFileSource.Builder b = RootedFileSource.builder(folder);
            if (!p.isEmpty()) {
                b.prefix(APPLE_TFTPBOOT + p + "/").prefix("/" + p + "/");
            }
            sources.add(b.prefix(RootedFileSource.APPLE_NETBOOT_PREFIX).build());
        }
        TftpFileSource all = sources.isEmpty()
                ? name -> Resolution.notFound("no NBI folders are configured") : TftpFileSource.firstOf(sources);
        return new BootFiles(p, all);
    }

    /** The prefix the BSDP server puts before {@code Foo.nbi/i386/booter}: the setting without outer slashes. */
    public static String bootFilePrefix(String setting) {
        String p = setting == null ? "" : setting.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public Resolution open(String requestedName) {
        if (draining.get()) {
            return new Resolution.Refused(TftpErrorCode.NOT_DEFINED, RefusalReason.IO_ERROR, "the server is stopping");
        }
        String name = requestedName.replace('\\', '/'); // UEFI and Windows clients send backslashes
        if (!prefix.isEmpty() && name.startsWith(prefix + "/")) {
            name = name.substring(prefix.length() + 1); // the relative form BSDP hands out
        }
        return folders.open(name);
    }

    /** From now on new requests are refused; transfers already running go on. */
    public void drain() {
        draining.set(true);
    }
}
