package dev.orchard.ops.mdm;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSString;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The app manifest at the {@code ManifestURL} of {@code InstallEnterpriseApplication}, in Apple's ManifestURL
 * format (github.com/apple/device-management, {@code other/manifesturl.yaml}): {@code items} → one item with
 * {@code assets} (one {@code software-package}: its https {@code url}, {@code sha256-size} and the SHA-256 of each
 * chunk in {@code sha256s}) and {@code metadata} ({@code bundle-identifier}, {@code bundle-version},
 * {@code kind} = {@code software}, {@code title}). Apple's schema lets a whole-file {@code sha256} replace the
 * chunk hashes; Orchard sends the chunks, so a Mac can check the download as it goes.
 *
 * @param packageUrl       where the package is served ({@code https:}, as the schema requires of {@code url})
 * @param size             the package's size in bytes
 * @param chunkSize        {@code sha256-size}: every chunk but the last has this size
 * @param chunkSha256s     lower-case hex SHA-256 of each chunk, in order
 * @param bundleIdentifier {@code metadata.bundle-identifier} (required by the schema)
 * @param bundleVersion    {@code metadata.bundle-version} (optional in the schema)
 * @param title            {@code metadata.title} (required by the schema)
 */
public record AgentManifest(URI packageUrl, long size, long chunkSize, List<String> chunkSha256s,
                            String bundleIdentifier, String bundleVersion, String title) {

    /** 10 MiB: Orchard's choice; the schema only says every chunk but the last has {@code sha256-size} bytes. */
    public static final long CHUNK_SIZE = 10L * 1024 * 1024;
    public static final String BUNDLE_IDENTIFIER = "dev.orchard.agent";
    public static final String TITLE = "Orchard agent";

    public AgentManifest {
        Objects.requireNonNull(packageUrl, "packageUrl");
        chunkSha256s = List.copyOf(chunkSha256s);
        long expected = size == 0 ? 0 : (size + chunkSize - 1) / chunkSize;
        if (chunkSha256s.size() != expected) {
            throw new IllegalArgumentException(chunkSha256s.size() + " chunk hashes for " + size + " bytes in chunks of "
                    + chunkSize);
        }
    }

    /** The manifest as an XML property list (dd-plist), the form Apple's examples show. */
    public byte[] xml() {
        NSDictionary asset = new NSDictionary();
        asset.put("kind", new NSString("software-package"));
        asset.put("sha256-size", new NSNumber(chunkSize));
        NSArray hashes = new NSArray(chunkSha256s.size());
        for (int i = 0; i < chunkSha256s.size(); i++) {
            hashes.setValue(i, new NSString(chunkSha256s.get(i)));
        }
        asset.put("sha256s", hashes);
        asset.put("url", new NSString(packageUrl.toString()));
        NSDictionary metadata = new NSDictionary();
        metadata.put("bundle-identifier", new NSString(bundleIdentifier));
        metadata.put("bundle-version", new NSString(bundleVersion));
        metadata.put("kind", new NSString("software"));
        metadata.put("title", new NSString(title));
        NSDictionary item = new NSDictionary();
        item.put("assets", new NSArray(asset));
        item.put("metadata", metadata);
        NSDictionary root = new NSDictionary();
        root.put("items", new NSArray(item));
        return (root.toXMLPropertyList() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
