package dev.orchard.bsdp.catalog;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.XMLPropertyListWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes real {@code .nbi} bundles for tests: an NBImageInfo.plist (XML or binary) plus the booter
 * and root image files it names. Defaults make a valid HTTP NetInstall image for i386.
 *
 * <pre>{@code
 * NbiFixture.bundle(root, "Mojave.nbi").index(7).name("Mojave").install(true).write();
 * }</pre>
 */
public final class NbiFixture {

    private final Path bundle;
    private final NSDictionary dict = new NSDictionary();
    private boolean binary;
    private boolean createBooter = true;
    private boolean createRoot = true;

    private NbiFixture(Path bundle) {
        this.bundle = bundle;
        dict.put("Index", 1);
        dict.put("Name", bundle.getFileName().toString().replace(".nbi", ""));
        dict.put("Type", "HTTP");
        dict.put("BootFile", "booter");
        dict.put("RootPath", "NetInstall.dmg");
        dict.put("Architectures", new NSArray(new NSString("i386")));
        dict.put("IsEnabled", true);
        dict.put("IsInstall", true);
        dict.put("Kind", 1);
    }

    public static NbiFixture bundle(Path root, String name) {
        return new NbiFixture(root.resolve(name));
    }

    public NbiFixture index(int index) {
        return put("Index", index);
    }

    public NbiFixture name(String name) {
        return put("Name", name);
    }

    public NbiFixture install(boolean install) {
        return put("IsInstall", install);
    }

    public NbiFixture isDefault(boolean isDefault) {
        return put("IsDefault", isDefault);
    }

    public NbiFixture kind(int kind) {
        return put("Kind", kind);
    }

    public NbiFixture type(String type) {
        return put("Type", type);
    }

    public NbiFixture models(String... models) {
        return put("EnabledSystemIdentifiers", strings(models));
    }

    public NbiFixture disabledModels(String... models) {
        return put("DisabledSystemIdentifiers", strings(models));
    }

    public NbiFixture macs(String... macs) {
        return put("EnabledMACAddresses", strings(macs));
    }

    public NbiFixture disabledMacs(String... macs) {
        return put("DisabledMACAddresses", strings(macs));
    }

    public NbiFixture architectures(String... archs) {
        return put("Architectures", strings(archs));
    }

    public NbiFixture filterOnly(boolean filterOnly) {
        return put("FilterOnly", filterOnly);
    }

    /** Any key, any plist value (for wrong-type tests): a Java String, Integer, Boolean, array… */
    public NbiFixture put(String key, Object value) {
        dict.put(key, value instanceof NSObject o ? o : NSObject.fromJavaObject(value));
        return this;
    }

    public NbiFixture remove(String key) {
        dict.remove(key);
        return this;
    }

    public NbiFixture binary() {
        binary = true;
        return this;
    }

    public NbiFixture withoutBooter() {
        createBooter = false;
        return this;
    }

    public NbiFixture withoutRootImage() {
        createRoot = false;
        return this;
    }

    public Path write() {
        try {
            Files.createDirectories(bundle);
            if (createBooter && dict.objectForKey("Architectures") instanceof NSArray archs) {
                for (int i = 0; i < archs.count(); i++) {
                    Path dir = Files.createDirectories(bundle.resolve(archs.objectAtIndex(i).toString()));
                    Files.writeString(dir.resolve("booter"), "booter for " + archs.objectAtIndex(i));
                }
            }
            if (createRoot) {
                Files.writeString(bundle.resolve("NetInstall.dmg"), "root image");
            }
            Path info = bundle.resolve(NbImageInfoReader.INFO_PLIST);
            if (binary) {
                BinaryPropertyListWriter.write(dict, info);
            } else {
                XMLPropertyListWriter.write(dict, info);
            }
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NSArray strings(String... values) {
        NSArray a = new NSArray(values.length);
        for (int i = 0; i < values.length; i++) {
            a.setValue(i, new NSString(values[i]));
        }
        return a;
    }
}
