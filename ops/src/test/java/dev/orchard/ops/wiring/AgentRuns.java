package dev.orchard.ops.wiring;

import dev.orchard.agent.Agent;
import dev.orchard.agent.AgentResult;
import dev.orchard.agent.run.AgentOptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The real restore agent ({@code agent} module), run in-process against a server, generic backend. */
final class AgentRuns {

    private AgentRuns() {
    }

    /**
     * Runs one agent as the Mac {@code mac}/{@code serial}/{@code model} of a server that never saw it
     * netboot, with an enrollment code from its admin API (as an admin starts an agent by hand), writing
     * to {@code target} and keeping its work folder (and the workflow's sandbox) in {@code work}.
     */
    static CompletableFuture<AgentResult> run(ServeFixture f, String mac, String serial, String model, Path target,
                                              Path work) throws Exception {
        return run(f.server.httpUrl(), f.enrollmentCode(mac), mac, serial, model, target, work);
    }

    /** As above with {@code ticket} (null: none) against {@code server}. */
    static CompletableFuture<AgentResult> run(String server, String ticket, String mac, String serial, String model,
                                              Path target, Path work) {
        AgentOptions options = AgentOptions.builder(URI.create(server))
                .mac(mac).serial(serial).model(model).ticket(ticket)
                .target(target.toString())
                .backend(AgentOptions.BackendKind.GENERIC)
                .workFolder(work)
                .reboot(false)
                .progressEvery(Duration.ofMillis(100))
                .reportTimeout(Duration.ofSeconds(60))
                .build();
        return CompletableFuture.supplyAsync(() -> Agent.run(options));
    }
}
