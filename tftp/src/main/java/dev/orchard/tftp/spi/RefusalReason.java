package dev.orchard.tftp.spi;

/** Why a request was refused before any DATA was sent (closed: a metric tag). */
public enum RefusalReason {
    /** No such file (error 1). */
    NOT_FOUND,
    /** The name would leave the root: {@code ..}, an absolute path elsewhere, a symlink out (error 2). */
    OUTSIDE_ROOT,
    /** Control characters, invalid UTF-8, an empty name (error 2). */
    INVALID_NAME,
    /** A directory, device, FIFO or socket (error 2). */
    NOT_A_REGULAR_FILE,
    /** Not world-readable, or the open failed for permission (error 2). */
    NOT_READABLE,
    /** Any other I/O failure while opening (error 0). */
    IO_ERROR,
    /** A WRQ: this server is read-only (error 2). */
    WRITE_REFUSED,
    /** A mode other than octet or netascii, e.g. the obsolete {@code mail} (error 4). */
    UNSUPPORTED_MODE,
    /** An option with a bad value (error 8, RFC 2347). */
    BAD_OPTION,
    /** The global cap on concurrent transfers is reached. */
    TOO_MANY_TRANSFERS,
    /** This client address already has its maximum of concurrent transfers. */
    TOO_MANY_FOR_CLIENT
}
