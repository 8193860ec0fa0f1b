package dev.orchard.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;

/**
 * The API's JSON: strict for requests (unknown fields, trailing tokens, nulls for primitives, numbers for
 * enums, strings for numbers and floats for integers are all a 400), ISO-8601 times, camelCase names.
 */
public final class ApiJson {

    private static final ObjectMapper MAPPER = build();

    private ApiJson() {
    }

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536)
                        .maxNumberLength(32).build())
                .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API values always serialise", e);
        }
    }

    /** Reads a request body strictly; every failure is a 400 naming what was wrong. */
    public static <T> T read(byte[] body, Class<T> type) throws ApiException {
        return read(body, type, "body");
    }

    /**
     * Reads a request body strictly; every failure is a 400: "invalid JSON: …" when the bytes are not JSON,
     * "invalid {@code what}: …" when the JSON is not a valid {@code type} (a wrong type, an unknown enum name, a
     * value its constructor refuses).
     */
    public static <T> T read(byte[] body, Class<T> type, String what) throws ApiException {
        if (body.length == 0) {
            throw ApiException.badJson("a JSON body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badJson("the body is JSON null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badJson("unknown field '" + e.getPropertyName() + "'");
        } catch (DatabindException e) {
            throw ApiException.badJson("invalid " + what + ": " + firstLine(rootMessage(e)));
        } catch (IOException e) {
            throw ApiException.badJson("invalid JSON: " + firstLine(rootMessage(e)));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null) {
            t = t.getCause();
        }
        return String.valueOf(t instanceof JsonProcessingException jp ? jp.getOriginalMessage() : t.getMessage());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
