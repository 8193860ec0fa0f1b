package dev.orchard.mdmsim;

/**
 * Told each time a simulated Mac has answered a command (its report is on its way to the webhook): what the Mac
 * does next outside MDM — e.g. fetch and install the package of an {@code InstallEnterpriseApplication} it
 * acknowledged ({@link EnterpriseAppDownload}). Called on the simulated Macs' one thread: hand long work to
 * another.
 */
@FunctionalInterface
public interface AnswerListener {

    void answered(SimulatedMac mac, QueuedCommand command, String status);
}
