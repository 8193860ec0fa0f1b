package dev.orchard.agent.testing;

import dev.orchard.agent.exec.Command;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.exec.CommandResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Records every command instead of running it, and answers with scripted results (exit 0 and no output
 * unless told otherwise). Output lines are fed to the caller's line listener, as a real process would.
 */
public final class RecordingExecutor implements CommandExecutor {

    private record Answer(Predicate<Command> match, Function<Command, CommandResult> reply) {
    }

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    /** Commands whose argv starts with {@code prefix} get {@code reply}; later rules win. */
    public RecordingExecutor answer(List<String> prefix, Function<Command, CommandResult> reply) {
        answers.add(0, new Answer(c -> c.argv().size() >= prefix.size() && c.argv().subList(0, prefix.size()).equals(prefix), reply));
        return this;
    }

    public RecordingExecutor answer(Predicate<Command> match, Function<Command, CommandResult> reply) {
        answers.add(0, new Answer(match, reply));
        return this;
    }

    @Override
    public CommandResult run(Command command, Consumer<String> lines) {
        commands.add(command);
        CommandResult result = answers.stream().filter(a -> a.match().test(command)).findFirst()
                .map(a -> a.reply().apply(command)).orElse(CommandResult.ok(""));
        if (result.output() != null) {
            result.output().lines().forEach(lines);
        }
        return result;
    }

    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The argument vectors, in order. */
    public List<List<String>> argvs() {
        List<List<String>> out = new ArrayList<>();
        commands.forEach(c -> out.add(c.argv()));
        return out;
    }
}
