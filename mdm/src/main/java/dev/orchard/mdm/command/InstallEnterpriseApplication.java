package dev.orchard.mdm.command;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code InstallEnterpriseApplication} (apple/device-management
 * {@code mdm/commands/application.install.enterprise.yaml}, macOS 10.13.6+): the Mac fetches the app manifest
 * (a plist naming the signed package, its size and hashes) from {@code ManifestURL}, "which needs to begin with
 * 'https:'", optionally pinning the connection to {@code ManifestURLPinningCerts} (DER). The command is
 * acknowledged before the install happens: only the installed software can say it ran.
 *
 * @param installAsManaged {@code InstallAsManaged} (macOS 11+), written only when true (Apple's default is false)
 */
public record InstallEnterpriseApplication(URI manifestUrl, List<byte[]> pinningCerts, boolean installAsManaged)
        implements MdmCommand {

    public InstallEnterpriseApplication {
        Objects.requireNonNull(manifestUrl, "manifestUrl");
        String scheme = manifestUrl.getScheme() == null ? "" : manifestUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") || manifestUrl.getHost() == null) {
            throw new IllegalArgumentException("ManifestURL must be an absolute https: URL (Apple's schema), not "
                    + manifestUrl);
        }
        pinningCerts = pinningCerts.stream().map(byte[]::clone).toList();
    }

    /** Only the manifest URL: no pinning, installed unmanaged. */
    public static InstallEnterpriseApplication of(URI manifestUrl) {
        return new InstallEnterpriseApplication(manifestUrl, List.of(), false);
    }

    @Override
    public String requestType() {
        return "InstallEnterpriseApplication";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ManifestURL", manifestUrl.toString());
        if (!pinningCerts.isEmpty()) {
            f.put("ManifestURLPinningCerts", pinningCerts.stream().map(byte[]::clone).toList());
        }
        if (installAsManaged) {
            f.put("InstallAsManaged", true);
        }
        return f;
    }

    @Override
    public List<byte[]> pinningCerts() {
        return pinningCerts.stream().map(byte[]::clone).toList();
    }
}
