package dev.orchard.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What the agent's tests need from a server: Orchard's real one ({@link OrchardServer}) or the stand-in
 * that can also misbehave on purpose ({@link StandInServer}).
 */
public interface ImageServer extends AutoCloseable {

    URI uri();

    int port();

    /** Serves {@code file} as {@code /images/<name>}, with a manifest in chunks of {@code chunkSize}. */
    ServedImage addImage(String name, Path file, long chunkSize) throws IOException;

    /** Serves {@code file} as {@code /payloads/<path>}; returns its sha256. */
    String addPayload(String path, Path file) throws IOException;

    /** The plan answered to {@code mac} (docs/agent-api.md's shape), with a new run and token each time. */
    void plan(String mac, JsonNode plan);

    /** Events received (and acknowledged with 202), in arrival order, without retried duplicates. */
    List<EventBody> events();

    /** Every event post is refused (503) until {@code millis} from now. */
    void refuseEventsFor(long millis);

    /** Event posts refused so far. */
    int eventsRefused();

    /** Image body bytes sent since the last {@link #resetCounters()}. */
    long imageBytesServed();

    void resetCounters();

    /** Stops and starts again on the same port; connections in flight break. */
    void restart(long downMillis) throws Exception;

    @Override
    void close();
}
