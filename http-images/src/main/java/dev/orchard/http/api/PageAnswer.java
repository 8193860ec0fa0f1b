package dev.orchard.http.api;

import java.util.Objects;

/** How the lab page answers a request: a complete response, or the start of its event stream. */
public sealed interface PageAnswer {

    record Full(ApiResponse response) implements PageAnswer {
        public Full {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Open the event stream for {@code session}, resuming after {@code epoch}/{@code since} (from
     * {@code Last-Event-ID}; an empty epoch asks for a snapshot). The server must call
     * {@link PageEndpoints#streamEnded()} when it ends.
     */
    record Stream(PageSessions.Session session, String epoch, long since) implements PageAnswer {
        public Stream {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(epoch, "epoch");
        }
    }
}
