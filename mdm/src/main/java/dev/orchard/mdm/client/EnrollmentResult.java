package dev.orchard.mdm.client;

import java.util.Optional;

/**
 * One enrollment's result in NanoMDM's answer ({@code api/types.go EnrollmentResult}): {@code push_error},
 * {@code push_result} (the {@code apns-id} of a push APNs accepted) and {@code command_error}.
 */
public record EnrollmentResult(Optional<String> pushError, Optional<String> pushId, Optional<String> commandError) {

    public static final EnrollmentResult NONE = new EnrollmentResult(Optional.empty(), Optional.empty(), Optional.empty());

    public boolean failed() {
        return pushError.isPresent() || commandError.isPresent();
    }
}
