package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The verdict on a run token sent with an agent's event: valid for this MAC (naming the run it was
 * issued for), or refused (answered 403 with the reason).
 */
public sealed interface TokenCheck {

    /** Why a token is refused; a closed set, so it can be counted. */
    enum Refusal {
        /** Not a token this server minted (forged, garbled, or minted with another server secret). */
        INVALID("the run token is not valid"),
        /** Genuine, but minted for another machine: a token copied from one Mac to another's path. */
        OTHER_MACHINE("this run token belongs to another machine"),
        /** Genuine, but its run's time is over (docs/agent-api.md, "Run tokens"). */
        EXPIRED("this run token has expired"),
        /** Genuine, but the Mac has started a newer run since: a token of an older boot is worthless. */
        SUPERSEDED("this run token belongs to an earlier run of this machine");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        /** What the 403 says. */
        public String message() {
            return message;
        }
    }

    /** The token is this machine's current run token. */
    record Valid(String runId) implements TokenCheck {
        public Valid {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /** The token is refused. */
    record Refused(Refusal reason) implements TokenCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static TokenCheck valid(String runId) {
        return new Valid(runId);
    }

    static TokenCheck refused(Refusal reason) {
        return new Refused(reason);
    }
}
