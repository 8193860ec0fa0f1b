package dev.orchard.tftp.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link TftpFileSource}: files under one root folder, read-only, confined component by
 * component (see {@link ConfinedPath}), opened once and shared by concurrent transfers.
 *
 * <p>Prefixes map the absolute names Mac BSDP servers put in the {@code file} field onto the root, so both
 * {@code /private/tftpboot/NetBoot/NetBootSP0/X.nbi/i386/booter} and {@code X.nbi/i386/booter} are served:
 *
 * <pre>{@code
 * TftpFileSource source = RootedFileSource.builder(Path.of("/srv/nbi"))
 *         .prefix(RootedFileSource.APPLE_NETBOOT_PREFIX)
 *         .build();
 * }</pre>
 */
public final class RootedFileSource implements TftpFileSource {

    /** Where Mac OS X Server kept NetBoot images; its BSDP replies name booters under it. */
    public static final String APPLE_NETBOOT_PREFIX = "/private/tftpboot/NetBoot/NetBootSP0/";

    private final ConfinedPath confined;
    private final SharedOpenFiles files = new SharedOpenFiles();

    private RootedFileSource(ConfinedPath confined) {
        this.confined = confined;
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The real (canonical) root. */
    public Path root() {
        return confined.realRoot();
    }

    /** Descriptors currently open; 0 when no transfer runs. */
    public int openFiles() {
        return files.openCount();
    }

    @Override
    public Resolution open(String requestedName) {
        Object checked = confined.resolve(requestedName);
        if (checked instanceof Resolution.Refused refused) {
            return refused;
        }
        ConfinedPath.Found found = (ConfinedPath.Found) checked;
        String display = confined.realRoot().relativize(found.realPath()).toString();
        try {
            return new Resolution.Opened(files.open(found, display));
        } catch (AccessDeniedException e) {
            return Resolution.denied(RefusalReason.NOT_READABLE, "open refused: " + e.getMessage());
        } catch (IOException e) {
            return new Resolution.Refused(dev.orchard.tftp.codec.TftpErrorCode.NOT_DEFINED, RefusalReason.IO_ERROR,
                    "open failed: " + e);
        }
    }

    /** Configuration of a {@link RootedFileSource}; strict: a bad root or prefix fails {@link #build()}. */
    public static final class Builder {
        private final Path root;
        private final List<String> prefixes = new ArrayList<>();
        private boolean requireWorldReadable = true;

        private Builder(Path root) {
            this.root = root;
        }

        /**
         * Strips {@code prefix} from requested names that start with it (longest prefixes should come
         * first). A prefix is an absolute path such as {@link #APPLE_NETBOOT_PREFIX}, or {@code /} to read
         * every absolute name as root-relative.
         */
        public Builder prefix(String prefix) {
            if (prefix == null || !prefix.startsWith("/")) {
                throw new IllegalArgumentException("a prefix is an absolute path starting with '/': " + prefix);
            }
            if (prefix.contains("\\") || prefix.contains("/../") || prefix.endsWith("/..")) {
                throw new IllegalArgumentException("a prefix uses '/' and no '..': " + prefix);
            }
            prefixes.add(prefix);
            return this;
        }

        /** Serve only files readable by "others" (tftp-hpa's default; true unless turned off). */
        public Builder requireWorldReadable(boolean require) {
            this.requireWorldReadable = require;
            return this;
        }

        public RootedFileSource build() {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("TFTP root is not a readable folder: " + root);
            }
            try {
                return new RootedFileSource(new ConfinedPath(root, prefixes, requireWorldReadable));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resolve TFTP root " + root, e);
            }
        }
    }
}
