package dev.orchard.ops.wiring;

import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What {@code validate} and {@code serve} check of {@code erase.agent_package} on this host (docs/config.md,
 * cases 251–254): the file exists, is readable, and is a flat installer package — a xar archive, whose first
 * four bytes are {@code xar!} (the format {@code productbuild}/{@code productsign} write; a bundle-style
 * {@code .pkg} folder cannot be served as one file). Whether it is signed is not checked here: macOS checks the
 * signature when it installs it. Without {@code server.http.tls} the manifest URL would be {@code http:}, which
 * Apple's schema forbids and the MDM gateway refuses to send: a warning.
 */
final class AgentPackageChecks {

    private static final byte[] XAR_MAGIC = "xar!".getBytes(StandardCharsets.US_ASCII);

    private AgentPackageChecks() {
    }

    static void check(OrchardConfig config, Problems problems) {
        Path pkg = config.erase().agentPackage();
        if (pkg == null) {
            return;
        }
        SourceLocation at = config.locations().of("erase.agent_package");
        if (Files.isDirectory(pkg)) {
            problems.error(at, "erase.agent_package: " + pkg + " is a folder (a bundle-style package); build a flat"
                    + " .pkg with productbuild and sign it with productsign");
            return;
        }
        if (!Files.isRegularFile(pkg)) {
            problems.error(at, "erase.agent_package: no such file: " + pkg);
            return;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(pkg)) {
            head = in.readNBytes(XAR_MAGIC.length);
        } catch (IOException e) {
            problems.error(at, "erase.agent_package: cannot read " + pkg + ": " + e.getMessage());
            return;
        }
        if (!Arrays.equals(head, XAR_MAGIC)) {
            problems.error(at, "erase.agent_package: " + pkg + " is not a flat installer package (no xar header);"
                    + " build it with productbuild and sign it with productsign");
            return;
        }
        if (config.server().http().tls() == null) {
            problems.warn(at, "erase.agent_package: without server.http.tls the manifest URL is http:, which Apple's"
                    + " InstallEnterpriseApplication refuses (ManifestURL must begin with https:); erased Macs would"
                    + " end failed (mdm-refused)");
        }
    }
}
