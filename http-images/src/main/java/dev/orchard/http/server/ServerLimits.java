package dev.orchard.http.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of the HTTP server. {@link #DEFAULTS} suits a lab server; tests shorten the timeouts.
 *
 * @param idleTimeout          a keep-alive connection with no traffic either way, or a client that stops
 *                             reading a response, is closed after this long
 * @param headerTimeout        the request line and headers must arrive within this long of their first byte
 *                             (slowloris)
 * @param maxConnections       connections in total
 * @param maxPerClient         connections from one client address (aria2c opens several; a lab Mac one or two)
 * @param maxUriLength         longest request line (414 beyond)
 * @param maxHeaderSize        largest header block (431 beyond)
 * @param maxBodyBytes         largest API request body (413 beyond; docs/agent-api.md: 64 KiB)
 * @param maxRanges            most byte ranges honoured in one request
 * @param sendChunkBytes       largest single {@code sendfile} region (nginx's {@code sendfile_max_chunk})
 * @param maxPipelinedRequests requests queued behind the one being answered on a connection
 * @param linger               how long a connection the server closes after an answer keeps draining the
 *                             client's bytes ({@link LingeringClose})
 */
public record ServerLimits(Duration idleTimeout, Duration headerTimeout, int maxConnections, int maxPerClient,
                           int maxUriLength, int maxHeaderSize, int maxBodyBytes, int maxRanges,
                           int sendChunkBytes, int maxPipelinedRequests, Linger linger) {

    public static final ServerLimits DEFAULTS = new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(15),
            10_000, 64, 8192, 16_384, 64 * 1024, 16, 2 * 1024 * 1024, 16);

    /**
     * The lingering close (RFC 9112 §9.6; nginx's {@code lingering_timeout}, {@code lingering_time}): after
     * the last answer the server shuts down its sending side and discards what the client still sends, so the
     * kernel does not answer those bytes with a reset that would destroy the answer before it is read.
     *
     * @param quiet    the connection is closed once the client sent nothing for this long
     * @param total    and at the latest this long after the lingering began, however the client trickles
     * @param maxBytes or once this many bytes were discarded
     */
    public record Linger(Duration quiet, Duration total, long maxBytes) {

        /** 2 s quiet, 10 s in all, 1 MiB: shorter than nginx's 5 s / 30 s, enough for any client on a LAN. */
        public static final Linger DEFAULTS = new Linger(Duration.ofSeconds(2), Duration.ofSeconds(10), 1 << 20);

        public Linger {
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(total, "total");
            if (quiet.isNegative() || quiet.isZero() || total.compareTo(quiet) < 0 || maxBytes < 0) {
                throw new IllegalArgumentException("linger out of range: " + quiet + ", " + total + ", " + maxBytes);
            }
        }
    }

    /** Limits with the default {@link Linger}. */
    public ServerLimits(Duration idleTimeout, Duration headerTimeout, int maxConnections, int maxPerClient,
                        int maxUriLength, int maxHeaderSize, int maxBodyBytes, int maxRanges, int sendChunkBytes,
                        int maxPipelinedRequests) {
        this(idleTimeout, headerTimeout, maxConnections, maxPerClient, maxUriLength, maxHeaderSize, maxBodyBytes,
                maxRanges, sendChunkBytes, maxPipelinedRequests, Linger.DEFAULTS);
    }

    public ServerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(linger, "linger");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxPerClient < 1 || maxUriLength < 64 || maxHeaderSize < 1024 || maxBodyBytes < 1
                || maxRanges < 1 || sendChunkBytes < 4096 || maxPipelinedRequests < 0) {
            throw new IllegalArgumentException("limit out of range: " + this);
        }
    }

    public ServerLimits withIdleTimeout(Duration d) {
        return new ServerLimits(d, headerTimeout, maxConnections, maxPerClient, maxUriLength, maxHeaderSize,
                maxBodyBytes, maxRanges, sendChunkBytes, maxPipelinedRequests, linger);
    }

    public ServerLimits withHeaderTimeout(Duration d) {
        return new ServerLimits(idleTimeout, d, maxConnections, maxPerClient, maxUriLength, maxHeaderSize,
                maxBodyBytes, maxRanges, sendChunkBytes, maxPipelinedRequests, linger);
    }

    public ServerLimits withConnections(int total, int perClient) {
        return new ServerLimits(idleTimeout, headerTimeout, total, perClient, maxUriLength, maxHeaderSize,
                maxBodyBytes, maxRanges, sendChunkBytes, maxPipelinedRequests, linger);
    }

    public ServerLimits withLinger(Linger l) {
        return new ServerLimits(idleTimeout, headerTimeout, maxConnections, maxPerClient, maxUriLength, maxHeaderSize,
                maxBodyBytes, maxRanges, sendChunkBytes, maxPipelinedRequests, l);
    }
}
