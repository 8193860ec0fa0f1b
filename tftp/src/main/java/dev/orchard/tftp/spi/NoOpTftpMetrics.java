package dev.orchard.tftp.spi;

import java.time.Duration;

/** Records nothing; the default when no metrics are wired. */
public final class NoOpTftpMetrics implements TftpMetrics {

    public static final NoOpTftpMetrics INSTANCE = new NoOpTftpMetrics();

    private NoOpTftpMetrics() {
    }

    @Override
    public void transferStarted() {
    }

    @Override
    public void transferCompleted(long bytes, Duration duration) {
    }

    @Override
    public void transferFailed(TransferFailure reason) {
    }

    @Override
    public void sizeProbeAnswered() {
    }

    @Override
    public void requestRefused(RefusalReason reason) {
    }

    @Override
    public void bytesSent(long bytes) {
    }

    @Override
    public void retransmitted(int packets) {
    }

    @Override
    public void packetRejected(PacketRejection reason) {
    }

    @Override
    public void duplicateAckIgnored() {
    }
}
