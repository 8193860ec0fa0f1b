/**
 * The two systems the agent drives: {@link dev.orchard.agent.backend.MacBackend} (asr, diskutil, bless,
 * startosinstall, installer, profiles, scutil — every command through the executor) and
 * {@link dev.orchard.agent.backend.GenericBackend} (raw writes to a file or device, workflow results in a
 * sandbox folder; used on Linux, by tests and by the simulated lab).
 */
package dev.orchard.agent.backend;
