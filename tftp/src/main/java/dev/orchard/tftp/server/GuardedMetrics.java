package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.spi.TransferFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Wraps the metrics port so that a failing implementation never breaks a transfer. {@link #bytesSent}, called
 * once per window, avoids the capturing lambda (an allocation per call) that the rarer verbs use.
 */
final class GuardedMetrics implements TftpMetrics {

    private static final Logger log = LoggerFactory.getLogger(GuardedMetrics.class);

    private final TftpMetrics delegate;

    GuardedMetrics(TftpMetrics delegate) {
        this.delegate = delegate;
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.debug("metrics implementation failed; ignored", e);
        }
    }

    @Override
    public void transferStarted() {
        guard(delegate::transferStarted);
    }

    @Override
    public void transferCompleted(long bytes, Duration duration) {
        guard(() -> delegate.transferCompleted(bytes, duration));
    }

    @Override
    public void transferFailed(TransferFailure reason) {
        guard(() -> delegate.transferFailed(reason));
    }

    @Override
    public void sizeProbeAnswered() {
        guard(delegate::sizeProbeAnswered);
    }

    @Override
    public void requestRefused(RefusalReason reason) {
        guard(() -> delegate.requestRefused(reason));
    }

    @Override
    public void bytesSent(long bytes) {
        try {
            delegate.bytesSent(bytes);
        } catch (RuntimeException e) {
            log.debug("metrics implementation failed; ignored", e);
        }
    }

    @Override
    public void retransmitted(int packets) {
        guard(() -> delegate.retransmitted(packets));
    }

    @Override
    public void packetRejected(PacketRejection reason) {
        guard(() -> delegate.packetRejected(reason));
    }

    @Override
    public void duplicateAckIgnored() {
        guard(delegate::duplicateAckIgnored);
    }
}
