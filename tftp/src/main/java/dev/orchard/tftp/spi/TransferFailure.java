package dev.orchard.tftp.spi;

/** Why a started transfer ended without the client acknowledging the last block (closed: a metric tag). */
public enum TransferFailure {
    /** The retry cap was reached without an answer (RFC 7440 §6). */
    TIMED_OUT,
    /** The transfer ran longer than the configured maximum duration. */
    DURATION_EXCEEDED,
    /** The client sent an ERROR. */
    CLIENT_ERROR,
    /** The client sent a packet that makes no sense in a read transfer (DATA, a request). */
    ILLEGAL_OPERATION,
    /** The file became shorter than its size at open time. */
    FILE_CHANGED,
    /** Reading the file failed. */
    READ_ERROR,
    /** Sending on the transfer's socket failed. */
    SEND_FAILED,
    /** The server was shut down. */
    SERVER_STOPPED
}
