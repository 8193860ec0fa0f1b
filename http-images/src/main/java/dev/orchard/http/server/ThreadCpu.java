package dev.orchard.http.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU time (user and system, {@code CLOCK_THREAD_CPUTIME_ID} on Linux: a few hundred
 * nanoseconds a call), for meters that say what one kind of work costs the server. Zero where the JVM cannot
 * measure it, so the meter then stays at zero rather than counting wall time.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean MEASURED = THREADS.isCurrentThreadCpuTimeSupported() && enabled();

    private ThreadCpu() {
    }

    private static boolean enabled() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static long now() {
        return MEASURED ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    static long since(long before) {
        return MEASURED ? Math.max(0, THREADS.getCurrentThreadCpuTime() - before) : 0;
    }
}
