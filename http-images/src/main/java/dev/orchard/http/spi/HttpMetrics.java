package dev.orchard.http.spi;

/**
 * The HTTP server's metrics port, in domain verbs. {@code ops} implements it with Micrometer (meters
 * registered once, tags from the closed enums only). Called on event loops: implementations must be cheap
 * and must never throw.
 */
public interface HttpMetrics {

    /** A response was completed (or abandoned after its headers went out). */
    void requestCompleted(RouteClass route, StatusClass status);

    /** Body bytes handed to the kernel for a route. */
    void bytesSent(RouteClass route, long bytes);

    /** A request or connection was refused. */
    void requestRejected(RejectReason reason);

    void connectionOpened();

    /**
     * An admin API request presented a bearer token and was refused ({@link AdminLoginFailure}). A default
     * that records nothing, so that a port written before this meter existed still compiles.
     */
    default void adminLoginFailed(AdminLoginFailure reason) {
    }

    void connectionClosed();

    /**
     * The lab page's event streams spent {@code cpuNanos} of thread CPU time (user and system) reading the feed
     * and writing an event: what the page costs the server, beside the whole process's CPU. A default that
     * records nothing, so that a port written before this meter existed still compiles.
     */
    default void pageStreamWorked(long cpuNanos) {
    }
}
