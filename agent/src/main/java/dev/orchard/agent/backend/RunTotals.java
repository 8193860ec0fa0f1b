package dev.orchard.agent.backend;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes moved during one run, for the summary line and the in-process result. */
public final class RunTotals {

    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    public void add(long fetchedBytes, long reusedBytes) {
        fetched.addAndGet(fetchedBytes);
        reused.addAndGet(reusedBytes);
    }

    public long fetched() {
        return fetched.get();
    }

    public long reused() {
        return reused.get();
    }
}
