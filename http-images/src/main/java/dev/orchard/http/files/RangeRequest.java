package dev.orchard.http.files;

import java.util.List;
import java.util.Objects;

/** What a {@code Range} header asks for, once parsed against the file length and our range policy. */
public sealed interface RangeRequest {

    /** Serve the whole representation with 200 (no Range, unknown unit, or a range set we refuse to honour). */
    record Whole(Reason reason) implements RangeRequest {
        public Whole {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nothing satisfiable (or the header is malformed, as nginx treats it): 416 with {@code bytes * /len}. */
    record Unsatisfiable() implements RangeRequest {
    }

    /** 206: one range as a single part, several as {@code multipart/byteranges}. */
    record Partial(List<ByteRange> ranges) implements RangeRequest {
        public Partial {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("no ranges");
            }
        }

        public boolean single() {
            return ranges.size() == 1;
        }
    }

    /** Why a Range was not honoured. */
    enum Reason {
        /** No Range header, an empty set, or a unit other than {@code bytes} (RFC 9110 §14.2: ignore). */
        NOT_REQUESTED,
        /** More ranges than allowed, out-of-order sets, or more bytes than the file (§14.2, §17.15). */
        AMPLIFICATION
    }
}
