package dev.orchard.mdmsim;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a Mac does with the {@code ManifestURL} of an {@code InstallEnterpriseApplication} it acknowledged: it reads
 * the manifest (Apple's ManifestURL format, github.com/apple/device-management {@code other/manifesturl.yaml}:
 * {@code items} → {@code assets} → a {@code software-package} with its {@code url} and either {@code sha256-size} +
 * {@code sha256s}, the SHA-256 of each chunk, or a whole-file {@code sha256}; {@code metadata} with
 * {@code bundle-identifier}), downloads the package and checks every chunk as it arrives. Apple's schema
 * requires {@code https:} for the manifest and package URLs; so does this download. What a real Mac then does
 * with the package (installer, signature check) is not simulated: the caller "installs" it.
 */
public final class EnterpriseAppDownload {

    /**
     * A package downloaded and checked.
     *
     * @param packageUrl       where it came from
     * @param bundleIdentifier the manifest's {@code metadata.bundle-identifier}
     * @param bytes            its size
     */
    public record Downloaded(URI packageUrl, String bundleIdentifier, long bytes) {
    }

    private EnterpriseAppDownload() {
    }

    /** Downloads the package {@code manifestUrl} describes with {@code http}; throws with the first problem. */
    public static Downloaded fetch(HttpClient http, URI manifestUrl) throws IOException, InterruptedException {
        requireHttps(manifestUrl, "ManifestURL");
        HttpResponse<byte[]> m = http.send(HttpRequest.newBuilder(manifestUrl).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (m.statusCode() != 200) {
            throw new IOException("manifest " + manifestUrl + ": HTTP " + m.statusCode());
        }
        NSDictionary item;
        NSDictionary asset;
        try {
            NSDictionary root = (NSDictionary) PropertyListParser.parse(m.body());
            item = (NSDictionary) ((NSArray) root.objectForKey("items")).objectAtIndex(0);
            asset = (NSDictionary) ((NSArray) item.objectForKey("assets")).objectAtIndex(0);
        } catch (Exception e) {
            throw new IOException("manifest " + manifestUrl + " is not a ManifestURL plist with items and assets: " + e, e);
        }
        if (!"software-package".equals(string(asset, "kind"))) {
            throw new IOException("manifest asset kind is " + string(asset, "kind") + ", not software-package");
        }
        URI url = URI.create(string(asset, "url"));
        requireHttps(url, "asset url");
        String bundle = string((NSDictionary) item.objectForKey("metadata"), "bundle-identifier");
        long chunk = asset.objectForKey("sha256-size") instanceof NSNumber n ? n.longValue() : Long.MAX_VALUE;
        List<String> hashes = new ArrayList<>();
        if (asset.objectForKey("sha256s") instanceof NSArray a) {
            for (NSObject h : a.getArray()) {
                hashes.add(h.toJavaObject().toString().toLowerCase(java.util.Locale.ROOT));
            }
        } else if (asset.objectForKey("sha256") != null) {
            hashes.add(string(asset, "sha256").toLowerCase(java.util.Locale.ROOT));
        } else {
            throw new IOException("manifest asset has neither sha256s nor sha256");
        }
        HttpResponse<InputStream> p = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = p.body()) {
            if (p.statusCode() != 200) {
                throw new IOException("package " + url + ": HTTP " + p.statusCode());
            }
            return new Downloaded(url, bundle, checkChunks(in, chunk, hashes, url));
        }
    }

    /** Reads {@code in} to its end, checking each {@code chunk}-sized piece against its hash; returns the length. */
    static long checkChunks(InputStream in, long chunk, List<String> hashes, URI url) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        long inChunk = 0;
        int index = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            int off = 0;
            while (off < n) {
                int take = (int) Math.min(n - off, chunk - inChunk);
                sha.update(buffer, off, take);
                off += take;
                inChunk += take;
                total += take;
                if (inChunk == chunk) {
                    index = checked(sha, hashes, index, url);
                    inChunk = 0;
                }
            }
        }
        if (inChunk > 0 || total == 0) {
            index = checked(sha, hashes, index, url);
        }
        if (index != hashes.size()) {
            throw new IOException(url + ": " + index + " chunks downloaded, the manifest lists " + hashes.size());
        }
        return total;
    }

    private static int checked(MessageDigest sha, List<String> hashes, int index, URI url) throws IOException {
        String got = HexFormat.of().formatHex(sha.digest());
        if (index >= hashes.size() || !hashes.get(index).equals(got)) {
            throw new IOException(url + ": chunk " + index + " has sha256 " + got + ", the manifest says "
                    + (index < hashes.size() ? hashes.get(index) : "nothing (too many chunks)"));
        }
        return index + 1;
    }

    private static void requireHttps(URI url, String what) throws IOException {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new IOException(what + " " + url + " is not https: (Apple's schema requires it)");
        }
    }

    private static String string(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.objectForKey(key);
        return o == null ? null : o.toJavaObject().toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
