package dev.orchard.agent;

import dev.orchard.agent.run.AgentOptions;

/**
 * The restore agent as a library: {@code Agent.run(options)} fetches the plan and carries it out,
 * reporting every stage, and returns how it ended. No {@code System.exit}, no static mutable state;
 * everything external (HTTP client, command executor, identity probe, console) can be injected through
 * {@link AgentEnvironment}, so many agents can run in one JVM (the simulated lab does).
 */
public final class Agent {

    private Agent() {
    }

    /** Runs with real processes and the default HTTP clients. */
    public static AgentResult run(AgentOptions options) {
        return run(options, AgentEnvironment.defaults());
    }

    public static AgentResult run(AgentOptions options, AgentEnvironment environment) {
        return new AgentRun(options, environment).execute();
    }
}
