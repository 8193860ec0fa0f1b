package dev.orchard.http.files;

/**
 * An inclusive byte range {@code first-last} of a representation (RFC 9110 §14.1.2), already resolved
 * against its length: {@code 0 <= first <= last < length}.
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} value for this range of a representation of {@code total} bytes (§14.4). */
    public String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    boolean overlaps(ByteRange other) {
        return first <= other.last && other.first <= last;
    }
}
