package dev.orchard.agent.testing;

import dev.orchard.agent.AgentEnvironment;
import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.transfer.HttpSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Agent options and environments for tests: fast retries, short timeouts, console lines collected. */
public final class Agents {

    private Agents() {
    }

    /** 5 s stall/connect timeouts, 12 retries backing off from 50 ms to 1 s. */
    public static HttpSettings fastHttp() {
        return new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), 12,
                Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    public static AgentOptions.Builder generic(URI server, String mac, Path work) {
        return AgentOptions.builder(server).mac(mac).backend(AgentOptions.BackendKind.GENERIC).workFolder(work)
                .http(fastHttp()).reportTimeout(Duration.ofSeconds(20)).reportRetryMax(Duration.ofMillis(500))
                .progressEvery(Duration.ofMillis(200)).restore(new RestoreOptions(4 << 20, 6, RestoreOptions.DirectIo.AUTO,
                        RestoreOptions.Reuse.AUTO, Duration.ofMillis(200)));
    }

    /** An environment whose console lines land in {@code lines} (and on stdout, for the test report). */
    public static AgentEnvironment collecting(List<String> lines) {
        return AgentEnvironment.defaults().withConsole(line -> {
            lines.add(line);
            System.out.println(java.time.LocalTime.now() + " [agent] " + line);
        });
    }

    public static List<String> lines() {
        return new CopyOnWriteArrayList<>();
    }
}
