package dev.orchard.ops.mdm;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the flow's metric verbs, for assertions. */
final class CountingEraseMetrics implements EraseMetrics {

    final AtomicInteger requested = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger reenrolled = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final Map<EraseReason, Integer> failed = new EnumMap<>(EraseReason.class);
    final java.util.List<AgentProfileStep> profiles = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void agentProfile(AgentProfileStep step) {
        profiles.add(step);
    }

    @Override
    public void requested() {
        requested.incrementAndGet();
    }

    @Override
    public void eraseSent() {
        sent.incrementAndGet();
    }

    @Override
    public void eraseAcknowledged() {
        acknowledged.incrementAndGet();
    }

    @Override
    public void reenrolled() {
        reenrolled.incrementAndGet();
    }

    @Override
    public void done() {
        done.incrementAndGet();
    }

    @Override
    public synchronized void failed(EraseReason reason) {
        failed.merge(reason, 1, Integer::sum);
    }

    @Override
    public void sendRetried() {
        retries.incrementAndGet();
    }
}
