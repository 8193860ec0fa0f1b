package dev.orchard.mdm.command;

import java.util.Map;
import java.util.Objects;

/**
 * {@code RemoveProfile} (apple/device-management {@code mdm/commands/profile.remove.yaml} at commit
 * {@code 0a4527c5ea21825fd23e08273ccdb9e2302458ce}, macOS 10.7+): {@code Identifier} (string, required), the
 * {@code PayloadIdentifier} of the profile to remove. A profile that an MDM installed can be removed by that MDM
 * only (Apple, TopLevel.yaml: "as of macOS 10.15, users can never remove MDM profiles").
 */
public record RemoveProfile(String identifier) implements MdmCommand {

    public RemoveProfile {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isBlank()) {
            throw new IllegalArgumentException("RemoveProfile's Identifier is required (Apple's schema) and blank");
        }
    }

    @Override
    public String requestType() {
        return "RemoveProfile";
    }

    @Override
    public Map<String, Object> fields() {
        return Map.of("Identifier", identifier);
    }
}
