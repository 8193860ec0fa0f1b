package dev.orchard.http.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receives the agents' events. Implemented by {@code ops} (the status journal).
 * <p>The returned stage completes once the event is <b>durable</b>; only then does the server answer 202.
 * A stage failed with {@link InvalidRequestException} (an event the port cannot take) is answered 400 and the
 * agent drops the event; any other failure is answered 503 and the agent retries. Called on the API worker
 * pool, never on an event loop.
 */
@FunctionalInterface
public interface EventsPort {

    /** Standalone default: events are accepted and forgotten. */
    EventsPort DISCARD = (mac, event) -> CompletableFuture.completedFuture(null);

    /**
     * @param mac the machine, normalised (lower-case, colon-separated), already authorised by its token
     */
    CompletionStage<Void> record(String mac, MachineEvent event);
}
