package dev.orchard.http.server;

import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** A metrics port that counts what it is told, for assertions. */
final class RecordingHttpMetrics implements HttpMetrics {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final AtomicLong active = new AtomicLong();

    private void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    long get(String key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }

    long pageStreamCpuNanos() {
        return get("pageStreamCpu");
    }

    @Override
    public void pageStreamWorked(long cpuNanos) {
        add("pageStreamCpu", cpuNanos);
    }

    long rejected(RejectReason reason) {
        return get("rejected." + reason);
    }

    long completed(RouteClass route, StatusClass status) {
        return get("completed." + route + "." + status);
    }

    long bytes(RouteClass route) {
        return get("bytes." + route);
    }

    @Override
    public void requestCompleted(RouteClass route, StatusClass status) {
        add("completed." + route + "." + status, 1);
    }

    @Override
    public void bytesSent(RouteClass route, long bytes) {
        add("bytes." + route, bytes);
    }

    @Override
    public void requestRejected(RejectReason reason) {
        add("rejected." + reason, 1);
    }

    @Override
    public void adminLoginFailed(AdminLoginFailure reason) {
        add("adminLogin." + reason, 1);
    }

    long adminLoginFailures(AdminLoginFailure reason) {
        return get("adminLogin." + reason);
    }

    @Override
    public void connectionOpened() {
        active.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        active.decrementAndGet();
    }
}
