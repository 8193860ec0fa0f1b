package dev.orchard.mdm.profile;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSString;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A configuration profile with one managed-preferences payload: it forces {@code settings} into the preference
 * domain {@code domain} of the whole system. On macOS such settings land in
 * {@code /Library/Managed Preferences/<domain>.plist}, a folder only root can write.
 *
 * <p>The shape is Apple's, from github.com/apple/device-management at commit
 * {@code 0a4527c5ea21825fd23e08273ccdb9e2302458ce}: the top level ({@code mdm/profiles/TopLevel.yaml}: required
 * {@code PayloadContent}, {@code PayloadIdentifier}, {@code PayloadType} = {@code Configuration},
 * {@code PayloadUUID}, {@code PayloadVersion} = 1; optional {@code PayloadDisplayName},
 * {@code PayloadOrganization}, {@code PayloadScope} = {@code System} from macOS 10.8), one payload with the keys
 * common to all payloads ({@code CommonPayloadKeys.yaml}), and the payload type
 * {@code com.apple.ManagedClient.preferences} ({@code com.apple.ManagedClient.preferences.yaml}, macOS 10.7+):
 * {@code PayloadContent} → {@code <domain>} → {@code Forced} → [{@code mcx_preference_settings} → the settings].
 * That is the payload Apple documents for custom settings; "custom" payloads whose {@code PayloadType} is the
 * domain itself also work with many MDMs but are not in Apple's schema.
 *
 * <p>Not signed and not encrypted: it travels inside an {@code InstallProfile} command over the MDM's channel to
 * the one device it is queued for. Built deterministically from its fields, so the same profile is the same bytes
 * (a command resent after a restart is the same command).
 *
 * @param identifier  the profile's {@code PayloadIdentifier}: a later profile with the same one replaces it, and
 *                    {@code RemoveProfile} names it
 * @param uuid        the profile's {@code PayloadUUID}
 * @param payloadUuid the payload's {@code PayloadUUID}
 */
public record ManagedPreferencesProfile(String identifier, String uuid, String payloadUuid, String displayName,
                                        String organization, String domain, Map<String, String> settings) {

    public static final String PAYLOAD_TYPE = "com.apple.ManagedClient.preferences";
    private static final Pattern REVERSE_DNS = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    public ManagedPreferencesProfile {
        for (String s : new String[]{identifier, domain}) {
            if (s == null || !REVERSE_DNS.matcher(s).matches()) {
                throw new IllegalArgumentException("'" + s + "' is not a reverse-DNS identifier (Apple's TopLevel.yaml:"
                        + " 'com.example.myprofile')");
            }
        }
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(payloadUuid, "payloadUuid");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(organization, "organization");
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("a managed-preferences payload with no settings");
        }
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The payload's own {@code PayloadIdentifier}: the profile's with one more component (CommonPayloadKeys.yaml). */
    public String payloadIdentifier() {
        return identifier + ".preferences";
    }

    /** The profile as an XML plist (UTF-8, ending with a newline), the bytes of {@code InstallProfile}'s Payload. */
    public byte[] xml() {
        NSDictionary forcedSettings = new NSDictionary();
        settings.forEach((k, v) -> forcedSettings.put(k, new NSString(v)));
        NSDictionary forced = new NSDictionary();
        forced.put("mcx_preference_settings", forcedSettings);
        NSDictionary domainEntry = new NSDictionary();
        domainEntry.put("Forced", new NSArray(forced));
        NSDictionary domains = new NSDictionary();
        domains.put(domain, domainEntry);

        NSDictionary payload = new NSDictionary();
        payload.put("PayloadContent", domains);
        payload.put("PayloadDisplayName", new NSString(displayName));
        payload.put("PayloadIdentifier", new NSString(payloadIdentifier()));
        payload.put("PayloadType", new NSString(PAYLOAD_TYPE));
        payload.put("PayloadUUID", new NSString(payloadUuid));
        payload.put("PayloadVersion", new NSNumber(1));

        NSDictionary top = new NSDictionary();
        top.put("PayloadContent", new NSArray(payload));
        top.put("PayloadDisplayName", new NSString(displayName));
        top.put("PayloadIdentifier", new NSString(identifier));
        top.put("PayloadOrganization", new NSString(organization));
        top.put("PayloadScope", new NSString("System"));
        top.put("PayloadType", new NSString("Configuration"));
        top.put("PayloadUUID", new NSString(uuid));
        top.put("PayloadVersion", new NSNumber(1));
        return (top.toXMLPropertyList() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
