package dev.orchard.http.manifest;

import dev.orchard.http.spi.ImageManifest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes manifests as the JSON of docs/agent-api.md (ISO-8601 times, camelCase). */
public final class ManifestJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ManifestJson() {
    }

    public static byte[] toBytes(ImageManifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serialises", e);
        }
    }

    public static ImageManifest fromBytes(byte[] json) throws IOException {
        return MAPPER.readValue(json, ImageManifest.class);
    }

    public static ImageManifest read(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file));
    }
}
