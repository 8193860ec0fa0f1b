package dev.orchard.http.server;

import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension for what Orchard serves. Disk images, packages and anything unknown are
 * {@code application/octet-stream}, as nginx's {@code default_type} would send them.
 */
final class ContentTypes {

    static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "json", "application/json",
            "plist", "application/xml",
            "xml", "application/xml",
            "txt", "text/plain; charset=utf-8",
            "sh", "text/plain; charset=utf-8",
            "mobileconfig", "application/x-apple-aspen-config");

    private ContentTypes() {
    }

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return OCTET_STREAM;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }
}
