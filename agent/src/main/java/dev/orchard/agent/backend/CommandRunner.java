package dev.orchard.agent.backend;

import dev.orchard.agent.api.Stage;
import dev.orchard.agent.exec.Command;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.exec.CommandResult;
import dev.orchard.agent.run.ExitStatus;

import java.io.IOException;
import java.util.function.Consumer;

/** Runs backend commands and turns a failure into a {@link StageFailure} that quotes the command line. */
final class CommandRunner {

    private final CommandExecutor executor;
    private final Consumer<String> console;

    CommandRunner(CommandExecutor executor, Consumer<String> console) {
        this.executor = executor;
        this.console = console;
    }

    /** Runs {@code command}; anything but exit 0 fails {@code stage}. */
    CommandResult check(Stage stage, Command command) throws StageFailure {
        return check(stage, command, line -> { });
    }

    CommandResult check(Stage stage, Command command, Consumer<String> lines) throws StageFailure {
        CommandResult result = run(stage, command, lines);
        if (!result.succeeded()) {
            throw new StageFailure(stage, ExitStatus.SYSTEM_COMMAND, failure(command, result), null);
        }
        return result;
    }

    /** Runs {@code command} and returns however it ended; only failing to start it at all is a failure. */
    CommandResult run(Stage stage, Command command, Consumer<String> lines) throws StageFailure {
        console.accept("$ " + command.display());
        try {
            return executor.run(command, lines);
        } catch (IOException e) {
            throw new StageFailure(stage, ExitStatus.SYSTEM_COMMAND, "cannot run " + command.display() + ": " + e.getMessage(), e);
        }
    }

    static String failure(Command command, CommandResult result) {
        String output = result.output() == null || result.output().isBlank() ? "" : ": " + result.output().strip();
        return command.display() + " failed (" + result.describe() + ")" + output;
    }
}
