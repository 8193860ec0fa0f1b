package dev.orchard.agent.backend;

import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.ServerApi;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.identity.MachineIdentity;
import dev.orchard.agent.payload.PayloadDownloader;
import dev.orchard.agent.report.StageEvents;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.transfer.RangeSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** What a backend works with during one run ({@code rawDevice}: macOS disk identifier → raw device node). */
public record AgentContext(AgentOptions options, MachineIdentity identity, Plan plan, ServerApi api, StageEvents events,
                           CommandExecutor executor, RangeSource rangeSource, Consumer<String> console, RunTotals totals,
                           Function<String, Path> rawDevice) {

    public PayloadDownloader downloader() {
        return new PayloadDownloader(rangeSource, options.http());
    }

    /** The computer name the policy chose (the plan's machine name), or null. */
    public String machineName() {
        return plan.machine() == null ? null : plan.machine().name();
    }

    /** {@code ORCHARD_MAC}, {@code _SERIAL}, {@code _MODEL}, {@code _NAME}, {@code _SERVER} for scripts (empty when unknown). */
    public Map<String, String> scriptEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORCHARD_MAC", identity.mac());
        env.put("ORCHARD_SERIAL", identity.serial() == null ? "" : identity.serial());
        env.put("ORCHARD_MODEL", identity.model() == null ? "" : identity.model());
        env.put("ORCHARD_NAME", machineName() == null ? "" : machineName());
        env.put("ORCHARD_SERVER", api.server().toString());
        return env;
    }
}
