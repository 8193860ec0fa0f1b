package dev.orchard.ops.metrics;

import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link HttpMetrics} on Micrometer. Called on event loops: every series is registered in the
 * constructor (route × status, route, reason: all closed enums), so recording is two array-like lookups
 * and an add, and it never throws.
 */
public final class MicrometerHttpMetrics implements HttpMetrics {

    private final Map<RouteClass, Map<StatusClass, Counter>> requests = new EnumMap<>(RouteClass.class);
    private final Map<RouteClass, Counter> bytes = new EnumMap<>(RouteClass.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<AdminLoginFailure, Counter> adminLogins = new EnumMap<>(AdminLoginFailure.class);
    private final Counter connections;
    private final Counter pageStreamCpu;
    private final AtomicLong open = new AtomicLong();

    public MicrometerHttpMetrics(MeterRegistry registry) {
        for (RouteClass route : RouteClass.values()) {
            Map<StatusClass, Counter> byStatus = new EnumMap<>(StatusClass.class);
            for (StatusClass status : StatusClass.values()) {
                byStatus.put(status, OrchardMeters.HTTP_REQUESTS.counter(registry, "route", OrchardMeters.tagValue(route),
                        "status", OrchardMeters.tagValue(status)));
            }
            requests.put(route, byStatus);
            bytes.put(route, OrchardMeters.HTTP_BYTES.counter(registry, "route", OrchardMeters.tagValue(route)));
        }
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, OrchardMeters.HTTP_REJECTED.counter(registry, "reason", OrchardMeters.tagValue(r)));
        }
        for (AdminLoginFailure f : AdminLoginFailure.values()) {
            adminLogins.put(f, OrchardMeters.HTTP_ADMIN_LOGIN_FAILURES.counter(registry, "reason",
                    OrchardMeters.tagValue(f)));
        }
        connections = OrchardMeters.HTTP_CONNECTIONS.counter(registry);
        pageStreamCpu = OrchardMeters.PAGE_STREAM_CPU.counter(registry);
        OrchardMeters.HTTP_ACTIVE.gauge(registry, open, AtomicLong::get);
    }

    @Override
    public void requestCompleted(RouteClass route, StatusClass status) {
        Guard.run(() -> requests.get(route).get(status).increment());
    }

    @Override
    public void bytesSent(RouteClass route, long count) {
        Guard.run(() -> bytes.get(route).increment(count));
    }

    @Override
    public void requestRejected(RejectReason reason) {
        Guard.run(() -> rejected.get(reason).increment());
    }

    @Override
    public void adminLoginFailed(AdminLoginFailure reason) {
        Guard.run(() -> adminLogins.get(reason).increment());
    }

    @Override
    public void pageStreamWorked(long cpuNanos) {
        Guard.run(() -> pageStreamCpu.increment(cpuNanos / 1e9));
    }

    @Override
    public void connectionOpened() {
        Guard.run(() -> {
            connections.increment();
            open.incrementAndGet();
        });
    }

    @Override
    public void connectionClosed() {
        Guard.run(() -> open.updateAndGet(n -> Math.max(0, n - 1)));
    }
}
