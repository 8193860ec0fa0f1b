package dev.orchard.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lab page's files, shipped in the jar under {@code dev/orchard/http/page/} (no CDN, no build step):
 * read once at start. Only the names listed here are served, so no request can name another resource.
 */
final class PageAssets {

    /** A file and its media type. */
    record Asset(String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final String ROOT = "/dev/orchard/http/page/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");
    /** Pages (templates, served behind a session) and public assets (the login page needs its style). */
    static final String[] PAGES = {"login.html", "lab.html", "machine.html", "server.html"};
    static final String[] PUBLIC = {"page.css", "common.js", "lab.js", "machine.js", "server.js"};

    private final Map<String, Asset> assets = new HashMap<>();

    PageAssets() {
        for (String name : PAGES) {
            assets.put(name, load(name));
        }
        for (String name : PUBLIC) {
            assets.put(name, load(name));
        }
    }

    Asset page(String name) {
        return assets.get(name);
    }

    /** A public asset by its file name; empty for anything else. */
    Optional<Asset> publicAsset(String name) {
        for (String p : PUBLIC) {
            if (p.equals(name)) {
                return Optional.of(assets.get(name));
            }
        }
        return Optional.empty();
    }

    private static Asset load(String name) {
        try (InputStream in = PageAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the lab page's " + name + " is missing from the jar");
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Asset(TYPES.get(ext), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
