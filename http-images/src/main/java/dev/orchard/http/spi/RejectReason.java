package dev.orchard.http.spi;

/** Why a request or connection was refused: a closed set, used as a metrics tag. */
public enum RejectReason {
    /** The request line or headers could not be parsed. */
    MALFORMED_REQUEST,
    /**
     * Content-Length and Transfer-Encoding that do not give one unambiguous body length (request smuggling,
     * RFC 9112 §6): 400, or 501 for a transfer coding other than chunked.
     */
    BAD_FRAMING,
    /** The request line (URI) was longer than the limit (414). */
    URI_TOO_LONG,
    /** The headers were larger than the limit (431). */
    HEADERS_TOO_LARGE,
    /** The headers did not arrive in time (slowloris). */
    HEADER_TIMEOUT,
    /** A keep-alive connection was idle, or a client stopped reading, for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** More connections from one client address than allowed. */
    TOO_MANY_CONNECTIONS_FROM_CLIENT,
    /** More connections in total than allowed. */
    TOO_MANY_CONNECTIONS,
    /** Too many pipelined requests queued on one connection. */
    PIPELINE_TOO_DEEP,
    /** Encoded traversal, NUL, control characters, backslashes, dot segments (400). */
    BAD_PATH,
    /** A symlink pointing out of the served root. */
    SYMLINK_ESCAPE,
    /** Method not allowed on this route (405). */
    METHOD_NOT_ALLOWED,
    /** A request body over the limit (413). */
    BODY_TOO_LARGE,
    /** A request body that is not valid JSON or not the expected shape (400). */
    BAD_JSON,
    /** Missing credentials (401). */
    UNAUTHENTICATED,
    /** Wrong credentials (403). */
    FORBIDDEN,
    /** A Range that cannot be satisfied (416). */
    RANGE_NOT_SATISFIABLE,
    /** A multi-range request ignored as an amplification risk (served 200). */
    RANGE_AMPLIFICATION,
    /** A lab page event stream over the limit of open streams (503 + Retry-After; docs/lab-page.md). */
    TOO_MANY_PAGE_STREAMS
}
