package dev.orchard.bsdp.spi;

/** Records nothing; the default until {@code ops} wires Micrometer in. */
public final class NoOpBsdpMetrics implements BsdpMetrics {

    public static final NoOpBsdpMetrics INSTANCE = new NoOpBsdpMetrics();

    private NoOpBsdpMetrics() {
    }

    @Override
    public void requestReceived(RequestType type) {
    }

    @Override
    public void replySent(ReplyType type) {
    }

    @Override
    public void requestDropped(DropReason reason) {
    }

    @Override
    public void imageListTruncated() {
    }
}
