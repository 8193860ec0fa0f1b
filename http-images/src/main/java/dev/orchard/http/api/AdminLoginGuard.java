package dev.orchard.http.api;

import dev.orchard.http.spi.AdminLoginFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Failed admin logins: the admin token can reimage every Mac, so guessing it is made slow and visible. Each
 * wrong token is counted ({@code HttpMetrics#adminLoginFailed}, tagged by {@link AdminLoginFailure}, never by
 * address) and logged as one WARN line with the client address; at most {@link #LOG_LINES_PER_WINDOW} such
 * lines a minute, the rest summed up in the next line, so a flood does not flood the log. An address with
 * {@link #MAX_FAILURES} failures within a minute is answered 429 with {@code Retry-After} for
 * {@link #BLOCK_SECONDS} without its token being compared at all (RFC 6585 §4); a correct token from another
 * address is unaffected. At most {@link #MAX_CLIENTS} addresses are remembered, least recently failing
 * forgotten first, so many addresses cannot exhaust memory; an IPv6 client counts by its /64, the block one
 * host usually has to itself. Thread-safe.
 */
final class AdminLoginGuard {

    static final int MAX_FAILURES = 10;
    static final long WINDOW_SECONDS = 60;
    static final long BLOCK_SECONDS = 300;
    static final int MAX_CLIENTS = 4096;
    static final int LOG_LINES_PER_WINDOW = 10;

    private static final Logger LOG = LoggerFactory.getLogger(AdminLoginGuard.class);
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    private static final long BLOCK = TimeUnit.SECONDS.toNanos(BLOCK_SECONDS);

    /** Failures of one address in its current window, and until when it is refused. */
    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
        boolean blocked;
    }

    private final Consumer<AdminLoginFailure> counter;
    private final LongSupplier nanoTime;
    private final Map<String, Failures> clients = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private long logWindowStart;
    private int logged;
    private int unlogged;

    /**
     * @param counter  where each refusal is counted (the metrics port's {@code adminLoginFailed})
     * @param nanoTime the clock, {@code System::nanoTime}
     */
    AdminLoginGuard(Consumer<AdminLoginFailure> counter, LongSupplier nanoTime) {
        this.counter = counter;
        this.nanoTime = nanoTime;
        this.logWindowStart = nanoTime.getAsLong();
    }

    /** Refuses (429) an address that failed too often, before its token is looked at. */
    void admit(InetAddress client) throws ApiException {
        long now = nanoTime.getAsLong();
        long retryAfter;
        synchronized (this) {
            Failures f = clients.get(key(client));
            if (f == null || !f.blocked || now - f.blockedUntil >= 0) {
                return;
            }
            retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(f.blockedUntil - now + 999_999_999L));
        }
        counter.accept(AdminLoginFailure.THROTTLED);
        throw new ApiException(429, "too many failed admin logins from this address; retry in " + retryAfter + " s",
                null, Map.of("Retry-After", Long.toString(retryAfter)));
    }

    /** A wrong admin token from {@code client}: counted, logged (within the budget), maybe blocked. */
    void failed(InetAddress client) {
        long now = nanoTime.getAsLong();
        int count;
        boolean blockedNow = false;
        String line;
        synchronized (this) {
            Failures f = clients.computeIfAbsent(key(client), k -> new Failures());
            if (f.count == 0 || now - f.windowStart > WINDOW) {
                f.windowStart = now;
                f.count = 0;
            }
            count = ++f.count;
            if (count >= MAX_FAILURES && !(f.blocked && now - f.blockedUntil < 0)) {
                f.blocked = true;
                f.blockedUntil = now + BLOCK;
                blockedNow = true;
            }
            line = logLine(now);
        }
        counter.accept(AdminLoginFailure.WRONG_TOKEN);
        if (line != null) {
            LOG.warn("admin API: wrong admin token from {} ({} failure{} in the last minute{}){}",
                    client.getHostAddress(), count, count == 1 ? "" : "s",
                    blockedNow ? "; refusing this address for " + BLOCK_SECONDS + " s" : "", line);
        }
    }

    /** A correct token: the address starts over. */
    void succeeded(InetAddress client) {
        synchronized (this) {
            clients.remove(key(client));
        }
    }

    /** Whether this failure may be logged now: "" yes, with what was left out; null no (counted as left out). */
    private String logLine(long now) {
        if (now - logWindowStart > WINDOW) {
            logWindowStart = now;
            logged = 0;
        }
        if (logged >= LOG_LINES_PER_WINDOW) {
            unlogged++;
            return null;
        }
        logged++;
        String left = unlogged == 0 ? "" : "; " + unlogged + " more failed admin login" + (unlogged == 1 ? "" : "s")
                + " were not logged";
        unlogged = 0;
        return left;
    }

    /** The address an attempt counts against: IPv4 as is, IPv6 by its /64. */
    static String key(InetAddress client) {
        if (client instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(client.getAddress(), 8);
            return "v6:" + java.util.HexFormat.of().formatHex(prefix);
        }
        return client.getHostAddress();
    }

    /** Addresses remembered now (for tests of the bound). */
    synchronized int tracked() {
        return clients.size();
    }
}
