package dev.orchard.tftp.codec;

/**
 * A TFTP error code (RFC 1350 appendix; 8 from RFC 2347). An open set: codes we do not know decode to an
 * "unknown(n)" value instead of failing, as lenient decoding requires.
 */
public record TftpErrorCode(int code, String name) {

    public static final TftpErrorCode NOT_DEFINED = new TftpErrorCode(0, "not defined");
    public static final TftpErrorCode FILE_NOT_FOUND = new TftpErrorCode(1, "file not found");
    public static final TftpErrorCode ACCESS_VIOLATION = new TftpErrorCode(2, "access violation");
    public static final TftpErrorCode DISK_FULL = new TftpErrorCode(3, "disk full or allocation exceeded");
    public static final TftpErrorCode ILLEGAL_OPERATION = new TftpErrorCode(4, "illegal TFTP operation");
    public static final TftpErrorCode UNKNOWN_TID = new TftpErrorCode(5, "unknown transfer ID");
    public static final TftpErrorCode FILE_EXISTS = new TftpErrorCode(6, "file already exists");
    public static final TftpErrorCode NO_SUCH_USER = new TftpErrorCode(7, "no such user");
    public static final TftpErrorCode OPTION_REFUSED = new TftpErrorCode(8, "option negotiation failed");

    private static final TftpErrorCode[] KNOWN = {NOT_DEFINED, FILE_NOT_FOUND, ACCESS_VIOLATION, DISK_FULL,
            ILLEGAL_OPERATION, UNKNOWN_TID, FILE_EXISTS, NO_SUCH_USER, OPTION_REFUSED};

    public TftpErrorCode {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("error code out of 0..65535: " + code);
        }
    }

    /** The code for a wire value; unknown values become {@code unknown(n)}. */
    public static TftpErrorCode of(int code) {
        return code >= 0 && code < KNOWN.length ? KNOWN[code] : new TftpErrorCode(code, "unknown(" + code + ")");
    }

    @Override
    public String toString() {
        return code + " (" + name + ")";
    }
}
