package dev.orchard.agent.exec;

import java.io.IOException;
import java.util.function.Consumer;

/** Runs external commands; the agent never starts a process any other way. */
public interface CommandExecutor {

    /**
     * Runs {@code command} to its end (or its time limit) and returns how it ended. Each output line is
     * also given to {@code lines} as it arrives (progress parsing).
     *
     * @throws IOException when the program cannot be started at all
     */
    CommandResult run(Command command, Consumer<String> lines) throws IOException;

    default CommandResult run(Command command) throws IOException {
        return run(command, line -> { });
    }
}
