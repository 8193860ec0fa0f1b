package dev.orchard.agent.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a manifest with Jackson's streaming parser: a manifest has one entry per chunk (25 600 for a
 * 100 GiB image), and the streaming parser needs neither the data-binding machinery's start-up (a few
 * hundred milliseconds on a busy machine, paid before the first byte of a restore) nor an object tree.
 * Unknown fields are skipped, as for every response.
 */
public final class ManifestJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ManifestJson() {
    }

    public static Manifest read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return read(p);
        }
    }

    public static Manifest read(InputStream json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return read(p);
        }
    }

    private static Manifest read(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, p);
        String name = null;
        String sha256 = null;
        String etag = null;
        String modified = null;
        long size = -1;
        long chunkSize = -1;
        List<ManifestChunk> chunks = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, value);
                case "size" -> size = p.getLongValue();
                case "sha256" -> sha256 = text(p, value);
                case "chunkSize" -> chunkSize = p.getLongValue();
                case "etag" -> etag = text(p, value);
                case "modified" -> modified = text(p, value);
                case "chunks" -> readChunks(p, value, chunks);
                default -> p.skipChildren();
            }
        }
        return new Manifest(name, size, sha256, chunkSize, etag, modified, chunks);
    }

    private static void readChunks(JsonParser p, JsonToken start, List<ManifestChunk> into) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return;
        }
        expect(start, JsonToken.START_ARRAY, p);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int index = -1;
            long offset = -1;
            long length = -1;
            String sha256 = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = p.getIntValue();
                    case "offset" -> offset = p.getLongValue();
                    case "length" -> length = p.getLongValue();
                    case "sha256" -> sha256 = text(p, value);
                    default -> p.skipChildren();
                }
            }
            into.add(new ManifestChunk(index, offset, length, sha256));
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static void expect(JsonToken actual, JsonToken wanted, JsonParser p) throws IOException {
        if (actual != wanted) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + wanted + ", found " + actual);
        }
    }
}
