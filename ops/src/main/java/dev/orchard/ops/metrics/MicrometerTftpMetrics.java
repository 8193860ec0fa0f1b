package dev.orchard.ops.metrics;

import dev.orchard.ops.metrics.OrchardMeters.TftpResult;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.spi.TransferFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link TftpMetrics} on Micrometer: every series registered in the constructor, tags from the port's
 * closed enums, recording guarded so that a metric never breaks a transfer.
 */
public final class MicrometerTftpMetrics implements TftpMetrics {

    private final Counter started;
    private final Map<TftpResult, Counter> ended = new EnumMap<>(TftpResult.class);
    private final AtomicLong active = new AtomicLong();
    private final Timer duration;
    private final Map<TransferFailure, Counter> failures = new EnumMap<>(TransferFailure.class);
    private final Map<RefusalReason, Counter> refusals = new EnumMap<>(RefusalReason.class);
    private final Map<PacketRejection, Counter> rejected = new EnumMap<>(PacketRejection.class);
    private final Counter bytes;
    private final Counter retransmits;
    private final Counter duplicateAcks;

    public MicrometerTftpMetrics(MeterRegistry registry) {
        started = OrchardMeters.TFTP_STARTED.counter(registry);
        for (TftpResult r : TftpResult.values()) {
            ended.put(r, OrchardMeters.TFTP_TRANSFERS.counter(registry, "result", OrchardMeters.tagValue(r)));
        }
        OrchardMeters.TFTP_ACTIVE.gauge(registry, active, AtomicLong::get);
        duration = OrchardMeters.TFTP_DURATION.timer(registry);
        for (TransferFailure f : TransferFailure.values()) {
            failures.put(f, OrchardMeters.TFTP_FAILURES.counter(registry, "reason", OrchardMeters.tagValue(f)));
        }
        for (RefusalReason r : RefusalReason.values()) {
            refusals.put(r, OrchardMeters.TFTP_REFUSALS.counter(registry, "reason", OrchardMeters.tagValue(r)));
        }
        for (PacketRejection r : PacketRejection.values()) {
            rejected.put(r, OrchardMeters.TFTP_REJECTED.counter(registry, "reason", OrchardMeters.tagValue(r)));
        }
        bytes = OrchardMeters.TFTP_BYTES.counter(registry);
        retransmits = OrchardMeters.TFTP_RETRANSMITS.counter(registry);
        duplicateAcks = OrchardMeters.TFTP_DUPLICATE_ACKS.counter(registry);
    }

    @Override
    public void transferStarted() {
        Guard.run(() -> {
            started.increment();
            active.incrementAndGet();
        });
    }

    @Override
    public void transferCompleted(long octets, Duration took) {
        Guard.run(() -> {
            ended(TftpResult.COMPLETED);
            duration.record(took);
        });
    }

    @Override
    public void transferFailed(TransferFailure reason) {
        Guard.run(() -> {
            ended(TftpResult.FAILED);
            failures.get(reason).increment();
        });
    }

    @Override
    public void sizeProbeAnswered() {
        Guard.run(() -> ended(TftpResult.SIZE_PROBE));
    }

    private void ended(TftpResult result) {
        ended.get(result).increment();
        active.updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public void requestRefused(RefusalReason reason) {
        Guard.run(() -> refusals.get(reason).increment());
    }

    @Override
    public void bytesSent(long octets) {
        Guard.run(() -> bytes.increment(octets));
    }

    @Override
    public void retransmitted(int packets) {
        Guard.run(() -> retransmits.increment(packets));
    }

    @Override
    public void packetRejected(PacketRejection reason) {
        Guard.run(() -> rejected.get(reason).increment());
    }

    @Override
    public void duplicateAckIgnored() {
        Guard.run(duplicateAcks::increment);
    }
}
