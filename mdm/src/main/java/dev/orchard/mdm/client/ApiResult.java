package dev.orchard.mdm.client;

import java.util.Map;
import java.util.Optional;

/**
 * NanoMDM's answer to {@code /v1/enqueue} and {@code /v1/push} ({@code api/types.go APIResult}), with the HTTP
 * status it came with: 200 no error, 207 some enrollments failed, 500 everything failed or a request-wide
 * error ({@code api/api.go code}).
 *
 * @param status       per enrollment ID; NanoMDM lists only IDs with a push result or an error
 * @param noPush       {@code no_push}: the call asked not to push ({@code ?nopush=1})
 * @param pushError    {@code push_error} for the whole request
 * @param commandError {@code command_error} for the whole request: the command was not queued for anyone
 * @param commandUuid  {@code command_uuid} of the command NanoMDM read from the body
 * @param requestType  {@code request_type} of that command
 */
public record ApiResult(int httpStatus, Map<String, EnrollmentResult> status, boolean noPush,
                        Optional<String> pushError, Optional<String> commandError, Optional<String> commandUuid,
                        Optional<String> requestType) {

    public ApiResult {
        status = Map.copyOf(status);
    }

    /** This enrollment's result; {@link EnrollmentResult#NONE} when NanoMDM did not list it. */
    public EnrollmentResult of(String id) {
        return status.getOrDefault(id, EnrollmentResult.NONE);
    }

    /** True when the command is in {@code id}'s queue: no request-wide and no per-enrollment command error. */
    public boolean enqueuedFor(String id) {
        return commandError.isEmpty() && of(id).commandError().isEmpty();
    }

    /** True when APNs took a push for {@code id}. */
    public boolean pushedTo(String id) {
        EnrollmentResult r = of(id);
        return !noPush && pushError.isEmpty() && r.pushError().isEmpty() && r.pushId().isPresent();
    }

    /** The first error NanoMDM reported for {@code id} or the whole request, for messages. */
    public Optional<String> errorFor(String id) {
        EnrollmentResult r = of(id);
        return commandError.map(e -> "command_error: " + e)
                .or(() -> r.commandError().map(e -> "command_error: " + e))
                .or(() -> pushError.map(e -> "push_error: " + e))
                .or(() -> r.pushError().map(e -> "push_error: " + e));
    }
}
