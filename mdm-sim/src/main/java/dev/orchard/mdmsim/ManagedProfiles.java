package dev.orchard.mdmsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration profiles a {@link SimulatedMac} holds, as macOS keeps their managed preferences: a profile's
 * {@code com.apple.ManagedClient.preferences} payload (apple/device-management
 * {@code mdm/profiles/com.apple.ManagedClient.preferences.yaml}: {@code PayloadContent → domain → Forced →
 * [mcx_preference_settings]}) becomes {@code <root>/Library/Managed Preferences/<domain>.plist} holding the forced
 * settings; removing the profile (by its {@code PayloadIdentifier}) deletes what it wrote, and so does an erase.
 * A later profile with the same identifier replaces the earlier one. Written as XML plists (macOS may write binary
 * ones: not reproduced). Other payload types are accepted and ignored.
 */
final class ManagedProfiles {

    private final Path root;
    /** PayloadIdentifier → the files its profile wrote. */
    private final Map<String, List<Path>> installed = new HashMap<>();

    ManagedProfiles(Path root) {
        this.root = root;
    }

    Path preferences(String domain) {
        return root.resolve("Library").resolve("Managed Preferences").resolve(domain + ".plist");
    }

    /** Installs the profile plist {@code profile}; empty when done, else the reason it is refused. */
    synchronized Optional<String> install(byte[] profile) {
        Map<String, Object> top;
        try {
            top = Plists.read(profile);
        } catch (IllegalArgumentException e) {
            return Optional.of("the profile is not a property list: " + e.getMessage());
        }
        if (!"Configuration".equals(top.get("PayloadType")) || !(top.get("PayloadIdentifier") instanceof String id)
                || !(top.get("PayloadContent") instanceof List<?> payloads)) {
            return Optional.of("the profile lacks PayloadType Configuration, PayloadIdentifier or PayloadContent");
        }
        remove(id);
        List<Path> written = new ArrayList<>();
        for (Object p : payloads) {
            if (p instanceof Map<?, ?> payload && "com.apple.ManagedClient.preferences".equals(payload.get("PayloadType"))
                    && payload.get("PayloadContent") instanceof Map<?, ?> domains) {
                for (Map.Entry<?, ?> d : domains.entrySet()) {
                    Map<String, Object> settings = forced(d.getValue());
                    Path file = preferences(String.valueOf(d.getKey()));
                    write(file, settings);
                    written.add(file);
                }
            }
        }
        installed.put(id, written);
        return Optional.empty();
    }

    /** Removes the profile {@code identifier}; false when the Mac holds none by that name. */
    synchronized boolean remove(String identifier) {
        List<Path> files = installed.remove(identifier);
        if (files == null) {
            return false;
        }
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /** Erase All Content and Settings: every profile goes. */
    synchronized void wipe() {
        for (String id : List.copyOf(installed.keySet())) {
            remove(id);
        }
    }

    private static Map<String, Object> forced(Object domainEntry) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (domainEntry instanceof Map<?, ?> m && m.get("Forced") instanceof List<?> forced) {
            for (Object f : forced) {
                if (f instanceof Map<?, ?> fm && fm.get("mcx_preference_settings") instanceof Map<?, ?> s) {
                    s.forEach((k, v) -> out.put(String.valueOf(k), v));
                }
            }
        }
        return out;
    }

    private static void write(Path file, Map<String, Object> settings) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Plists.write(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
