package dev.orchard.tftp.client;

import dev.orchard.tftp.codec.TftpErrorCode;

import java.io.IOException;
import java.util.Optional;

/** A fetch failed: the server sent an ERROR, it stopped answering, or the file did not add up. */
public final class TftpTransferException extends IOException {

    private final TftpErrorCode serverError;

    public TftpTransferException(String message, TftpErrorCode serverError) {
        super(message);
        this.serverError = serverError;
    }

    public TftpTransferException(String message, Throwable cause) {
        super(message, cause);
        this.serverError = null;
    }

    /** The code of the server's ERROR packet, when that is what ended the transfer. */
    public Optional<TftpErrorCode> serverError() {
        return Optional.ofNullable(serverError);
    }
}
