/**
 * Every external program the agent runs (asr, diskutil, installer, scripts…) goes through
 * {@link dev.orchard.agent.exec.CommandExecutor}: {@link dev.orchard.agent.exec.ProcessExecutor} runs them,
 * tests record them. That is how the macOS backend is tested without a Mac.
 */
package dev.orchard.agent.exec;
