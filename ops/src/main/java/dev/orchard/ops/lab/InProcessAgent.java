package dev.orchard.ops.lab;

import dev.orchard.agent.Agent;
import dev.orchard.agent.AgentEnvironment;
import dev.orchard.agent.AgentResult;
import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.transfer.HttpSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The real restore agent ({@code agent} module), run in this JVM once per simulated Mac with the generic
 * backend: a restore or install writes onto a target file in the Mac's work folder, workflow results land
 * in its sandbox, events go to the server exactly as from a netbooted Mac. Its connections leave from the
 * Mac's own address (the one it netbooted at), as a netbooted restore environment's do: the server gives
 * a plan only to the address its netboot ticket names. Each restore streams through its own 3 × 1 MiB
 * buffers (the agent's advice for hundreds of agents in one JVM).
 */
public final class InProcessAgent implements AgentRunner {

    private static final HttpSettings LAB_HTTP = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(30), 10, Duration.ofMillis(250), Duration.ofSeconds(5));
    private static final RestoreOptions LAB_RESTORE = new RestoreOptions(1 << 20, 3, RestoreOptions.DirectIo.AUTO,
            RestoreOptions.Reuse.AUTO, Duration.ofSeconds(1));

    @Override
    public AgentOutcome run(LabMachine mac, URI server, Path workFolder, Path target, Consumer<String> console) {
        return run(options(mac, server, workFolder, target).build(), console);
    }

    @Override
    public AgentOutcome runAdmitted(LabMachine mac, URI server, Path workFolder, Path target, String enrollmentCode,
                                    Consumer<String> console) {
        return run(options(mac, server, workFolder, target).ticket(enrollmentCode).build(), console);
    }

    private static AgentOptions.Builder options(LabMachine mac, URI server, Path workFolder, Path target) {
        return AgentOptions.builder(server)
                .mac(mac.mac().toString()).serial(mac.serial()).model(mac.model())
                .backend(AgentOptions.BackendKind.GENERIC).target(target.toString()).workFolder(workFolder)
                .http(LAB_HTTP.withLocalAddress(mac.ciaddr())).restore(LAB_RESTORE).reportTimeout(Duration.ofSeconds(30))
                .reportRetryMax(Duration.ofSeconds(2)).reboot(false);
    }

    private static AgentOutcome run(AgentOptions options, Consumer<String> console) {
        AgentResult r = Agent.run(options, AgentEnvironment.defaults().withConsole(console));
        return new AgentOutcome(r.status().label(), r.action(), r.message(), r.bytesFetched(), r.eventsDelivered(),
                r.eventsPending(), r.summary());
    }
}
