package dev.orchard.tftp.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide figures readable from any thread, for operators and tests; the {@code TftpMetrics} port gets
 * the same events for dashboards.
 */
public final class TransferCounters {

    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder duplicateAcks = new LongAdder();
    private final LongAdder dataSentForDuplicateAcks = new LongAdder();
    private final LongAdder retransmits = new LongAdder();

    /** Transfers started and not yet ended. */
    public int activeTransfers() {
        return active.get();
    }

    /** Duplicate ACKs received and ignored. */
    public long duplicateAcks() {
        return duplicateAcks.sum();
    }

    /**
     * DATA packets sent while handling an ACK that acknowledged nothing new (a duplicate, an older one,
     * one ahead of the window): must stay 0 (RFC 1123 §4.2.3.1, Sorcerer's Apprentice). Measured around
     * the handling of each ACK from the packets actually written, so any code path that resends counts.
     */
    public long dataSentForDuplicateAcks() {
        return dataSentForDuplicateAcks.sum();
    }

    /** DATA and OACK packets sent again after a timeout. */
    public long retransmits() {
        return retransmits.sum();
    }

    void started() {
        active.incrementAndGet();
    }

    void ended() {
        active.decrementAndGet();
    }

    void duplicateAck() {
        duplicateAcks.increment();
    }

    void dataSentForDuplicateAck(long packets) {
        dataSentForDuplicateAcks.add(packets);
    }

    void retransmitted(int n) {
        retransmits.add(n);
    }
}
