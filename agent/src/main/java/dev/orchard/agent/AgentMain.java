package dev.orchard.agent;

import dev.orchard.agent.cli.AgentArguments;
import dev.orchard.agent.cli.UsageException;
import dev.orchard.agent.exec.ProcessExecutor;
import dev.orchard.agent.identity.MacIdentityProbe;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * {@code java -jar orchard-agent.jar …}: parses the command line, runs the {@link Agent}, prints the
 * summary line on stdout (events and problems go to stderr) and exits with the {@link ExitStatus} code.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The CLI without {@code System.exit}: returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        AgentArguments.Parsed parsed;
        try {
            parsed = AgentArguments.parse(Arrays.asList(args));
        } catch (UsageException e) {
            err.println("orchard-agent: " + e.getMessage());
            err.println("try --help");
            out.println(SummaryLine.format(ExitStatus.USAGE, null, null, java.time.Duration.ZERO, 0, 0, "none", e.getMessage()));
            return ExitStatus.USAGE.code();
        }
        if (parsed.help()) {
            out.print(usage());
            return 0;
        }
        if (parsed.version()) {
            out.println("orchard-agent " + version());
            return 0;
        }
        ProcessExecutor executor = new ProcessExecutor();
        AgentEnvironment env = AgentEnvironment.defaults().withExecutor(executor)
                .withConsole(parsed.quiet() ? line -> { } : line -> err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line));
        if (parsed.options().backend() == AgentOptions.BackendKind.MACOS) {
            env = env.withIdentity(new MacIdentityProbe(executor, parsed.networkInterface()));
        }
        AgentResult result = Agent.run(parsed.options(), env);
        out.println(result.summary());
        return result.status().code();
    }

    static String usage() {
        return AgentArguments.USAGE;
    }

    static String version() {
        String v = AgentMain.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
