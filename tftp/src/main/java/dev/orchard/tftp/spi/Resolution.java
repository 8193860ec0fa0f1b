package dev.orchard.tftp.spi;

import dev.orchard.tftp.codec.TftpErrorCode;

import java.util.Objects;

/** What a {@link TftpFileSource} answers: an opened file, or a refusal with the TFTP error to send. */
public sealed interface Resolution {

    /** The file is open and readable. */
    record Opened(ServedFile file) implements Resolution {
        public Opened {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * The request is refused.
     *
     * @param code   the TFTP error code the client gets (1 not found, 2 access violation)
     * @param reason closed reason for metrics
     * @param detail what the log says (the client only gets a generic message)
     */
    record Refused(TftpErrorCode code, RefusalReason reason, String detail) implements Resolution {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static Refused notFound(String detail) {
        return new Refused(TftpErrorCode.FILE_NOT_FOUND, RefusalReason.NOT_FOUND, detail);
    }

    static Refused denied(RefusalReason reason, String detail) {
        return new Refused(TftpErrorCode.ACCESS_VIOLATION, reason, detail);
    }
}
