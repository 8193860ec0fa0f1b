package dev.orchard.agent.identity;

/** Finds this machine's identity from the system it runs on. */
public interface IdentityProbe {

    /** @throws IdentityException when the system does not say (no command, unexpected output) */
    MachineIdentity probe();
}
