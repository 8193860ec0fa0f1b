package dev.orchard.agent.exec;

/**
 * How a command ended: its exit code (-1 when it was killed for running too long) and the tail of its
 * combined output, bounded so a chatty program cannot grow the agent's memory.
 */
public record CommandResult(int exitCode, String output, boolean timedOut) {

    public static CommandResult ok(String output) {
        return new CommandResult(0, output, false);
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** "exit 3" or "timed out", for messages. */
    public String describe() {
        return timedOut ? "timed out" : "exit " + exitCode;
    }
}
