/**
 * What every layer of one agent run shares: the options it was given ({@link dev.orchard.agent.run.AgentOptions})
 * and how it ends ({@link dev.orchard.agent.run.ExitStatus}, {@link dev.orchard.agent.run.AgentFailure}).
 * The root package {@code dev.orchard.agent} composes the layers; nothing below it imports it.
 */
package dev.orchard.agent.run;
