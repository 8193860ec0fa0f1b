package dev.orchard.tftp.testing;

import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.spi.TransferFailure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** A metrics fake that counts every verb and reason, readable from the test thread. */
public final class RecordingTftpMetrics implements TftpMetrics {

    public final LongAdder started = new LongAdder();
    public final LongAdder completed = new LongAdder();
    public final AtomicLong completedBytes = new AtomicLong();
    public final LongAdder sizeProbes = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder retransmits = new LongAdder();
    public final LongAdder duplicateAcks = new LongAdder();
    public final Map<TransferFailure, LongAdder> failed = new ConcurrentHashMap<>();
    public final Map<RefusalReason, LongAdder> refused = new ConcurrentHashMap<>();
    public final Map<PacketRejection, LongAdder> rejected = new ConcurrentHashMap<>();

    @Override
    public void transferStarted() {
        started.increment();
    }

    @Override
    public void transferCompleted(long bytes, Duration duration) {
        completedBytes.addAndGet(bytes);
        completed.increment();
    }

    @Override
    public void transferFailed(TransferFailure reason) {
        failed.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void sizeProbeAnswered() {
        sizeProbes.increment();
    }

    @Override
    public void requestRefused(RefusalReason reason) {
        refused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void bytesSent(long bytes) {
        bytesSent.add(bytes);
    }

    @Override
    public void retransmitted(int packets) {
        retransmits.add(packets);
    }

    @Override
    public void packetRejected(PacketRejection reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void duplicateAckIgnored() {
        duplicateAcks.increment();
    }

    public long failed(TransferFailure reason) {
        LongAdder a = failed.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long failedTotal() {
        return failed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long refused(RefusalReason reason) {
        LongAdder a = refused.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long rejected(PacketRejection reason) {
        LongAdder a = rejected.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Transfers that started and have not ended one way or another. */
    public long open() {
        return started.sum() - completed.sum() - sizeProbes.sum() - failedTotal();
    }
}
