package dev.orchard.mdmsim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * NanoMDM's {@code APIResult} being built for one answer ({@code api/types.go}; {@code status} is a Go map, so
 * its keys are written sorted), and its HTTP status ({@code api/api.go code}).
 */
final class ApiResult {

    private final Map<String, String[]> status = new TreeMap<>(); // id → push_error, push_result, command_error
    private final int idCount;
    boolean noPush;
    String pushError;
    String commandError;
    String commandUuid;
    String requestType;

    ApiResult(int idCount) {
        this.idCount = idCount;
    }

    void pushed(String id, String apnsId) {
        status.computeIfAbsent(id, k -> new String[3])[1] = apnsId;
    }

    void pushFailed(String id, String error) {
        status.computeIfAbsent(id, k -> new String[3])[0] = error;
    }

    /** 500: a request-wide error or every ID failed; 207: some did; 200: none did. */
    int code() {
        if (pushError != null || commandError != null) {
            return 500;
        }
        long failed = status.values().stream().filter(r -> r[0] != null || r[2] != null).count();
        if (failed == 0) {
            return 200;
        }
        return failed < idCount ? 207 : 500;
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!status.isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>();
            status.forEach((id, r) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                put(e, "push_error", r[0]);
                put(e, "push_result", r[1]);
                put(e, "command_error", r[2]);
                s.put(id, e);
            });
            out.put("status", s);
        }
        if (noPush) {
            out.put("no_push", true);
        }
        put(out, "push_error", pushError);
        put(out, "command_error", commandError);
        put(out, "command_uuid", commandUuid);
        put(out, "request_type", requestType);
        return out;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
