package dev.orchard.ops.wiring;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run {@link OrchardServer}: the configuration file plus what the command line (or a test, or the
 * simulated lab) overrides.
 *
 * @param config        the main {@code orchard.yaml}
 * @param unprivileged  move ports below 1024 to high ports ({@link Listeners#unprivilegedPort}) and
 *                      answer BSDP reply ports ≥ 1024 (simulated Macs)
 * @param bindAddress   listen on this address for all three services instead of the configured ones
 *                      (tests: {@code 127.0.0.1}); null = as configured
 * @param bsdpPort      overrides (0 = ephemeral); null = as configured (after {@code unprivileged})
 * @param tftpPort      overrides; null = as configured
 * @param httpPort      overrides; null = as configured
 * @param watchFiles    reload when a configuration file changes
 * @param handleSignals reload on SIGHUP (install only once per JVM: a handler cannot be removed)
 * @param drain         on stop, how long running TFTP transfers may take to finish
 * @param environment   where {@code admin_token: {env: …}} is looked up
 * @param clock         the journal's and the run metrics' clock
 */
public record ServeOptions(Path config, boolean unprivileged, String bindAddress, Integer bsdpPort, Integer tftpPort,
                           Integer httpPort, boolean watchFiles, boolean handleSignals, Duration drain,
                           Map<String, String> environment, Clock clock) {

    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    public ServeOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(drain, "drain");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(clock, "clock");
    }

    /** As {@code orchard serve --config FILE} runs: configured listeners, file watcher and SIGHUP. */
    public static ServeOptions of(Path config) {
        return new ServeOptions(config, false, null, null, null, null, true, true, DEFAULT_DRAIN, System.getenv(),
                Clock.systemUTC());
    }

    /**
     * For tests and the simulated lab: every service on {@code 127.0.0.1}, ephemeral ports (read them back
     * from {@link OrchardServer#bsdpAddress()} etc.), high BSDP reply ports allowed, file watcher on,
     * no SIGHUP handler.
     */
    public static ServeOptions loopback(Path config) {
        return new ServeOptions(config, true, "127.0.0.1", 0, 0, 0, true, false, DEFAULT_DRAIN, System.getenv(),
                Clock.systemUTC());
    }

    public ServeOptions withUnprivileged(boolean u) {
        return new ServeOptions(config, u, bindAddress, bsdpPort, tftpPort, httpPort, watchFiles, handleSignals, drain,
                environment, clock);
    }

    public ServeOptions withPorts(Integer bsdp, Integer tftp, Integer http) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdp, tftp, http, watchFiles, handleSignals, drain,
                environment, clock);
    }

    public ServeOptions withBindAddress(String address) {
        return new ServeOptions(config, unprivileged, address, bsdpPort, tftpPort, httpPort, watchFiles, handleSignals,
                drain, environment, clock);
    }

    public ServeOptions withWatchFiles(boolean watch) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdpPort, tftpPort, httpPort, watch, handleSignals,
                drain, environment, clock);
    }

    public ServeOptions withSignals(boolean signals) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdpPort, tftpPort, httpPort, watchFiles, signals,
                drain, environment, clock);
    }

    public ServeOptions withDrain(Duration d) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdpPort, tftpPort, httpPort, watchFiles,
                handleSignals, d, environment, clock);
    }

    public ServeOptions withEnvironment(Map<String, String> env) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdpPort, tftpPort, httpPort, watchFiles,
                handleSignals, drain, env, clock);
    }

    public ServeOptions withClock(Clock c) {
        return new ServeOptions(config, unprivileged, bindAddress, bsdpPort, tftpPort, httpPort, watchFiles,
                handleSignals, drain, environment, c);
    }
}
