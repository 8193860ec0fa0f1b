package dev.orchard.http.files;

import java.util.Locale;

/**
 * Strong entity tags for files, and the two comparisons of RFC 9110 §8.8.3.2.
 * <p>The tag is built like nginx's ({@code "<hex mtime>-<hex size>"}) but finer: the modification time in
 * microseconds and the inode, so a file replaced by an atomic rename within the same second (a common way to
 * publish images) still gets a new tag. A resumed download with {@code If-Range} therefore never mixes bytes
 * of two versions (§13.1.5 requires a strong validator there).
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The strong tag of a file version. */
    public static String strong(long inode, long modifiedMicros, long size) {
        return "\"" + Long.toHexString(inode) + "-" + Long.toHexString(modifiedMicros) + "-" + Long.toHexString(size)
                + "\"";
    }

    /**
     * Weak comparison against a list header such as {@code If-None-Match} (§13.1.2): {@code *} matches any
     * current representation; {@code W/} prefixes are ignored on both sides.
     */
    public static boolean weakListMatches(String header, String etag) {
        if (header == null) {
            return false;
        }
        String mine = opaque(etag);
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || opaque(c).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    /** Strong comparison against a list header such as {@code If-Match} (§13.1.1): weak tags never match. */
    public static boolean strongListMatches(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || strongEquals(c, etag)) {
                return true;
            }
        }
        return false;
    }

    /** Strong comparison of two single tags: both strong and byte-identical. */
    public static boolean strongEquals(String a, String b) {
        return a != null && b != null && !isWeak(a) && !isWeak(b) && a.equals(b);
    }

    /** True when {@code value} looks like an entity tag rather than a date (quoted or {@code W/"…"}). */
    public static boolean isTag(String value) {
        String v = value.strip();
        return v.startsWith("\"") || v.toUpperCase(Locale.ROOT).startsWith("W/");
    }

    private static boolean isWeak(String tag) {
        return tag.startsWith("W/");
    }

    private static String opaque(String tag) {
        return isWeak(tag) ? tag.substring(2) : tag;
    }
}
