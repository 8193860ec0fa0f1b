package dev.orchard.http.spi;

/** Metrics that go nowhere: the default when no registry is wired. */
public final class NoOpHttpMetrics implements HttpMetrics {

    public static final NoOpHttpMetrics INSTANCE = new NoOpHttpMetrics();

    private NoOpHttpMetrics() {
    }

    @Override
    public void requestCompleted(RouteClass route, StatusClass status) {
    }

    @Override
    public void bytesSent(RouteClass route, long bytes) {
    }

    @Override
    public void requestRejected(RejectReason reason) {
    }

    @Override
    public void connectionOpened() {
    }

    @Override
    public void connectionClosed() {
    }
}
