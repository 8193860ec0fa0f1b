package dev.orchard.agent.transfer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Network knobs of the agent, injectable so the simulated lab can run hundreds of agents with short
 * timeouts and tests can make retries fast.
 *
 * @param connectTimeout  TCP connect limit
 * @param requestTimeout  limit for one API call (plan, manifest, event) to answer
 * @param stallTimeout    a transfer that receives nothing for this long is dropped and resumed
 * @param retries         consecutive failed attempts (no progress in between) before giving up
 * @param retryInitial    first backoff delay; it doubles per failed attempt…
 * @param retryMax        …up to this
 * @param localAddress    the address connections to the server leave from ({@code --source-address}), or
 *                        null for the system's choice: a multi-homed Mac, or a simulated Mac of the lab
 *                        that must ask for its plan from the address it netbooted at
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout, Duration stallTimeout, int retries,
                           Duration retryInitial, Duration retryMax, InetAddress localAddress) {

    public HttpSettings(Duration connectTimeout, Duration requestTimeout, Duration stallTimeout, int retries,
                        Duration retryInitial, Duration retryMax) {
        this(connectTimeout, requestTimeout, stallTimeout, retries, retryInitial, retryMax, null);
    }

    public HttpSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(retryMax, "retryMax");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        if (retryMax.compareTo(retryInitial) < 0) {
            retryMax = retryInitial;
        }
    }

    /** 10 s connect, 60 s per API call, 30 s stall, 10 retries backing off from 0.5 s to 15 s. */
    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 10,
                Duration.ofMillis(500), Duration.ofSeconds(15));
    }

    /** These settings with connections leaving from {@code address}. */
    public HttpSettings withLocalAddress(InetAddress address) {
        return new HttpSettings(connectTimeout, requestTimeout, stallTimeout, retries, retryInitial, retryMax, address);
    }

    public Backoff backoff() {
        return new Backoff(retryInitial, retryMax);
    }
}
