package dev.orchard.mdm.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads NanoMDM's {@code APIResult} JSON ({@code api/types.go}; written with Go's {@code encoding/json},
 * tab-indented, {@code http/api/api.go writeJSON}). Every key is {@code omitempty}, errors are plain strings
 * ({@code api/error.go MarshalJSON}); keys NanoMDM may add later are ignored.
 */
final class ApiResultJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiResultJson() {
    }

    /** The result, or an {@link IOException} when the body is not an {@code APIResult} object. */
    static ApiResult parse(int httpStatus, byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        Map<String, EnrollmentResult> status = new LinkedHashMap<>();
        JsonNode s = root.path("status");
        if (s.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode r = e.getValue();
                status.put(e.getKey(), new EnrollmentResult(text(r, "push_error"), text(r, "push_result"),
                        text(r, "command_error")));
            }
        } else if (!s.isMissingNode() && !s.isNull()) {
            throw new IOException("'status' is not an object");
        }
        return new ApiResult(httpStatus, status, root.path("no_push").asBoolean(false), text(root, "push_error"),
                text(root, "command_error"), text(root, "command_uuid"), text(root, "request_type"));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(v.isTextual() ? v.asText() : v.toString());
    }
}
