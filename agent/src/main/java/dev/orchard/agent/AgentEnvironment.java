package dev.orchard.agent;

import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.exec.ProcessExecutor;
import dev.orchard.agent.identity.IdentityProbe;
import dev.orchard.agent.transfer.RangeSource;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * What an agent run uses from its surroundings, injectable for in-process use (the simulated lab runs
 * hundreds of agents in one JVM) and for tests. Null members get the defaults.
 *
 * @param httpClient  the JDK client for the JSON API and https; null: plain-http servers get the lean client
 *                    (nothing to initialise, no thread left behind), https ones a JDK client of their own
 * @param executor    every external command (asr, diskutil, scripts…)
 * @param identity    reads the machine's identity from the system; null: flags only
 * @param rangeSource image and payload bytes; null: the lean socket client (http) or the JDK client (https)
 * @param console     one line per event and problem (stderr for the CLI)
 * @param rawDevice   macOS: the raw device node of a disk ({@code disk0} → {@code /dev/rdisk0}); tests point it
 *                    at a file
 */
public record AgentEnvironment(HttpClient httpClient, CommandExecutor executor, IdentityProbe identity,
                               RangeSource rangeSource, Consumer<String> console, Function<String, Path> rawDevice) {

    public AgentEnvironment {
        executor = executor == null ? new ProcessExecutor() : executor;
        console = console == null ? line -> { } : console;
        rawDevice = rawDevice == null ? disk -> Path.of("/dev/r" + disk) : rawDevice;
    }

    /** Real processes, no system identity probe, console lines dropped. */
    public static AgentEnvironment defaults() {
        return new AgentEnvironment(null, null, null, null, null, null);
    }

    public AgentEnvironment withRawDevice(Function<String, Path> r) {
        return new AgentEnvironment(httpClient, executor, identity, rangeSource, console, r);
    }

    public AgentEnvironment withExecutor(CommandExecutor e) {
        return new AgentEnvironment(httpClient, e, identity, rangeSource, console, rawDevice);
    }

    public AgentEnvironment withIdentity(IdentityProbe p) {
        return new AgentEnvironment(httpClient, executor, p, rangeSource, console, rawDevice);
    }

    public AgentEnvironment withConsole(Consumer<String> c) {
        return new AgentEnvironment(httpClient, executor, identity, rangeSource, c, rawDevice);
    }

    public AgentEnvironment withRangeSource(RangeSource r) {
        return new AgentEnvironment(httpClient, executor, identity, r, console, rawDevice);
    }

    public AgentEnvironment withHttpClient(HttpClient c) {
        return new AgentEnvironment(c, executor, identity, rangeSource, console, rawDevice);
    }
}
