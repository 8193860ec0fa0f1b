package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.RootPath;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two paths an ACK[SELECT] hands out, in the naming of the servers that will serve them.
 *
 * <ul>
 *   <li>{@code file}: the booter as the TFTP server names it. Apple's form is
 *       {@code /private/tftpboot/NetBoot/NetBootSP0/Foo.nbi/i386/booter} (tftpd without {@code -s});
 *       with {@code tftpd -s <nbi folder>} (and Orchard's own TFTP server) it is {@code Foo.nbi/i386/booter}.
 *       The firmware sends the field verbatim in its TFTP read request.
 *   <li>option 17: the root image. HTTP: {@code http://<ip>[:port]/<base path>/<Foo.nbi>/<image>} with each
 *       path segment percent-encoded (Apple escapes the bundle and image names); NFS:
 *       {@code nfs:<ip>:<export>:<Foo.nbi>/<image>} with literal colons escaped as {@code \:} (xnu
 *       {@code parse_netboot_path}). The host is always a numeric IPv4 address.
 * </ul>
 */
final class BootPaths {

    private final BsdpServerConfig config;

    BootPaths(BsdpServerConfig config) {
        this.config = config;
    }

    String bootFile(NbImage image, String architecture) {
        String relative = image.bootFilePath(architecture);
        return config.bootFilePrefix().isEmpty() ? relative : config.bootFilePrefix() + "/" + relative;
    }

    /** Option 17 for NFS and HTTP images; empty for BootFileOnly. */
    Optional<String> rootPath(NbImage image, Inet4Address server) {
        if (image.rootPath().isEmpty()) {
            return Optional.empty();
        }
        RootPath root = image.rootPath().get();
        if (root instanceof RootPath.Indirect indirect) {
            return Optional.of(indirect.value());
        }
        String file = ((RootPath.BundleFile) root).relativePath();
        return Optional.of(switch (image.type()) {
            case HTTP -> config.httpBase().orElse("http://" + server.getHostAddress() + BsdpServerConfig.APPLE_HTTP_PATH)
                    + "/" + urlPath(image.relativePath()) + "/" + urlPath(file);
            case NFS -> "nfs:" + server.getHostAddress() + ":" + nfsEscape(config.nfsExport().orElse(catalogRoot(image)))
                    + ":" + nfsEscape(image.relativePath() + "/" + file);
            default -> throw new IllegalStateException("a " + image.type() + " image has no root path");
        });
    }

    /** The folder the bundle was scanned from: its path minus its relative path. */
    private static String catalogRoot(NbImage image) {
        Path p = image.bundle();
        for (int i = image.relativePath().split("/").length; i > 0 && p.getParent() != null; i--) {
            p = p.getParent();
        }
        return p.toString();
    }

    /** Percent-encodes each '/'-separated segment (RFC 3986 §3.3 pchar); the separators stay. */
    static String urlPath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '/' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static String nfsEscape(String path) {
        return path.replace(":", "\\:");
    }
}
