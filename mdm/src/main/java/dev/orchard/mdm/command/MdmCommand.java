package dev.orchard.mdm.command;

import java.util.Map;

/**
 * One Apple MDM command, without its CommandUUID: the {@code RequestType} and the fields of the
 * {@code Command} dictionary, in the order they are written. {@link CommandPlist} wraps it into the full
 * top-level dictionary {@code {Command: {RequestType, …fields}, CommandUUID}} (Apple, "Commands and Queries";
 * the schema of each command is in github.com/apple/device-management, {@code mdm/commands/*.yaml}).
 *
 * <p>Field values are plist values: {@link String}, {@link Boolean}, {@link Long}, {@code byte[]} (data),
 * {@link java.util.List} and {@link Map} of those.
 */
public sealed interface MdmCommand permits EraseDevice, DeviceInformation, SecurityInfo, InstallEnterpriseApplication,
        InstallProfile, RemoveProfile {

    /** Apple's {@code RequestType}. */
    String requestType();

    /** The {@code Command} dictionary's fields other than {@code RequestType}, in writing order. */
    Map<String, Object> fields();
}
