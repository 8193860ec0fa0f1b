package dev.orchard.agent.transfer;

/** Bytes {@code [from, toExclusive)} of a resource: one range of a multi-range request. */
public record ByteSpan(long from, long toExclusive) {

    public ByteSpan {
        if (from < 0 || toExclusive <= from) {
            throw new IllegalArgumentException("not a byte span: [" + from + ", " + toExclusive + ")");
        }
    }

    public long length() {
        return toExclusive - from;
    }

    /**
     * The {@code Range} header's value for one range: {@code bytes=from-last}, open-ended ({@code bytes=from-}) when
     * {@code toExclusive} is negative; null (no header: the whole resource) from 0 to the end.
     */
    static String rangeHeader(long from, long toExclusive) {
        if (from <= 0 && toExclusive < 0) {
            return null;
        }
        return "bytes=" + from + "-" + (toExclusive >= 0 ? String.valueOf(toExclusive - 1) : "");
    }

    /** The {@code Range} header's value for these spans, in the order given (RFC 9110 §14.1.2). */
    static String rangeHeader(java.util.List<ByteSpan> spans) {
        StringBuilder b = new StringBuilder("bytes=");
        for (int i = 0; i < spans.size(); i++) {
            b.append(i == 0 ? "" : ",").append(spans.get(i).from()).append('-').append(spans.get(i).toExclusive() - 1);
        }
        return b.toString();
    }
}
