package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The agent's JSON settings: responses may carry fields this agent does not know (ignored). */
public final class ApiJson {

    private ApiJson() {
    }

    /**
     * The agent's mapper, built once on first use (building one costs a few hundred milliseconds of class
     * loading); configured at construction and never changed after, so sharing it is safe.
     */
    public static ObjectMapper shared() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = mapper();
    }

    /** A new mapper (immutable once built, safe to share between threads). */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
