package dev.orchard.tftp.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a requested TFTP name into a real path inside one root, or a refusal. The checks follow the
 * hardening list of tftp-hpa 5.4 (commit 3340dda) and the traversal bugs of tftpy #110 and netius #125:
 * control characters refused, {@code \} read as {@code /} (Windows and UEFI clients send it; dnsmasq does
 * the same), {@code ..} refused outright rather than normalised, and containment checked one component at a
 * time with {@link Path#startsWith(Path)} (component-wise, so {@code /srv/nbi} does not admit
 * {@code /srv/nbi-private}). Symlinks are followed only while their target stays inside the root.
 */
final class ConfinedPath {

    /** A checked, existing regular file. */
    record Found(Path realPath, PosixFileAttributes attributes) {
    }

    private final Path realRoot;
    private final List<Path> rootSpellings;
    private final List<String> prefixes;
    private final boolean requireWorldReadable;

    ConfinedPath(Path root, List<String> prefixes, boolean requireWorldReadable) throws IOException {
        this.realRoot = root.toRealPath();
        Path absolute = root.toAbsolutePath().normalize();
        this.rootSpellings = absolute.equals(realRoot) ? List.of(realRoot) : List.of(realRoot, absolute);
        this.prefixes = List.copyOf(prefixes);
        this.requireWorldReadable = requireWorldReadable;
    }

    Path realRoot() {
        return realRoot;
    }

    /** Either a {@link Found} or a {@link Resolution.Refused}. */
    Object resolve(String requested) {
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(requested.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            return Resolution.denied(RefusalReason.INVALID_NAME, "name is not valid UTF-8");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return Resolution.denied(RefusalReason.INVALID_NAME, "control character 0x"
                        + Integer.toHexString(c) + " in name");
            }
        }
        name = withoutPrefix(name.replace('\\', '/'));
        List<String> components = components(name);
        if (components == null) {
            return Resolution.denied(RefusalReason.OUTSIDE_ROOT, "'..' or an absolute path outside the root");
        }
        if (components.isEmpty()) {
            return Resolution.denied(RefusalReason.INVALID_NAME, "empty name");
        }
        try {
            return walk(components);
        } catch (InvalidPathException e) {
            return Resolution.denied(RefusalReason.INVALID_NAME, "invalid name: " + e.getMessage());
        } catch (NoSuchFileException e) {
            return Resolution.notFound("no such file");
        } catch (IOException e) {
            return Resolution.notFound("cannot look up: " + e);
        }
    }

    private String withoutPrefix(String name) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix) && (prefix.endsWith("/") || name.length() == prefix.length()
                    || name.charAt(prefix.length()) == '/')) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    /** The root-relative components, or null when the name leaves the root. */
    private List<String> components(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            parts.add(part);
        }
        if (!name.startsWith("/")) {
            return parts;
        }
        // An absolute name is accepted only when it spells a path inside the root.
        for (Path root : rootSpellings) {
            int n = root.getNameCount();
            if (parts.size() > n && matches(root, parts)) {
                return parts.subList(n, parts.size());
            }
        }
        return null;
    }

    private static boolean matches(Path root, List<String> parts) {
        for (int i = 0; i < root.getNameCount(); i++) {
            if (!root.getName(i).toString().equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Object walk(List<String> components) throws IOException {
        Path current = realRoot;
        PosixFileAttributes attrs = null;
        for (int i = 0; i < components.size(); i++) {
            Path next = current.resolve(components.get(i));
            if (next.getNameCount() != current.getNameCount() + 1) {
                return Resolution.denied(RefusalReason.INVALID_NAME, "component resolves oddly");
            }
            attrs = Files.readAttributes(next, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                Path target = next.toRealPath();
                if (!target.startsWith(realRoot)) {
                    return Resolution.denied(RefusalReason.OUTSIDE_ROOT, "symlink points out of the root");
                }
                next = target;
                attrs = Files.readAttributes(next, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            if (i < components.size() - 1 && !attrs.isDirectory()) {
                return Resolution.notFound("a path component is not a directory");
            }
            current = next;
        }
        if (!attrs.isRegularFile()) {
            return Resolution.denied(RefusalReason.NOT_A_REGULAR_FILE,
                    attrs.isDirectory() ? "is a directory" : "not a regular file (device, FIFO or socket)");
        }
        if (requireWorldReadable && !attrs.permissions().contains(PosixFilePermission.OTHERS_READ)) {
            // tftp-hpa's default: serve only world-readable files, whoever the server runs as.
            return Resolution.denied(RefusalReason.NOT_READABLE, "not world-readable");
        }
        return new Found(current, attrs);
    }
}
