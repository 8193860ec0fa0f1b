package dev.orchard.mdm.command;

import java.util.Map;

/**
 * {@code SecurityInfo} (apple/device-management {@code mdm/commands/information.security.yaml}): no request
 * fields. On a Mac the answer tells, among others, whether a Bootstrap Token is escrowed
 * ({@code BootstrapTokenAllowedForAuthentication}, {@code IsRecoveryLockEnabled}, {@code FDE_Enabled}), which
 * decides whether an erase can run without a local administrator's password.
 */
public record SecurityInfo() implements MdmCommand {

    @Override
    public String requestType() {
        return "SecurityInfo";
    }

    @Override
    public Map<String, Object> fields() {
        return Map.of();
    }
}
