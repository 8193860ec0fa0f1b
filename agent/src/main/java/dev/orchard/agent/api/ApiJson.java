package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The agent's JSON settings: responses may carry fields this agent does not know (ignored). */
public final class ApiJson {

    private ApiJson() {
    }

    /** A new mapper (immutable once built, safe to share between threads). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
