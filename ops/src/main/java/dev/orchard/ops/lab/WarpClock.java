package dev.orchard.ops.lab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, moved forward on demand: the clock of an in-process server the lab runs against, so that a
 * modern Mac that never comes back reaches its {@code erase.reenroll_timeout} (at least 10 minutes) in seconds. The
 * lab moves it only once every other Mac has finished, so no other timeout is cut short.
 */
public final class WarpClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration d) {
        offset.accumulateAndGet(d, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a lab server's clock is UTC");
    }
}
