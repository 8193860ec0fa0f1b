package dev.orchard.mdm.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code InstallProfile} (apple/device-management {@code mdm/commands/profile.install.yaml} at commit
 * {@code 0a4527c5ea21825fd23e08273ccdb9e2302458ce}, macOS 10.7+, device channel): {@code Payload} (data, required)
 * is the configuration profile itself, here an unsigned, unencrypted XML plist (see
 * {@link dev.orchard.mdm.profile.ManagedPreferencesProfile}). The MDM channel is authenticated to the device, so
 * the profile needs no signature of its own to reach the right Mac.
 */
public record InstallProfile(byte[] payload) implements MdmCommand {

    public InstallProfile {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new IllegalArgumentException("InstallProfile's Payload is required (Apple's schema) and empty");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String requestType() {
        return "InstallProfile";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Payload", payload.clone());
        return f;
    }
}
