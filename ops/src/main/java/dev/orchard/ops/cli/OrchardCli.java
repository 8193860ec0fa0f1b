package dev.orchard.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code orchard} command. Each subcommand is its own class; this one only assembles them.
 * {@link #run(String[], PrintStream, PrintStream)} is the testable entry point; {@code main} only exits.
 */
@Command(name = "orchard",
        mixinStandardHelpOptions = true,
        versionProvider = OrchardVersion.class,
        description = "Netboot and recovery imaging server for Mac labs.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ValidateCommand.class,
                ExplainCommand.class,
                MachinesCommand.class,
                TicketCommand.class,
                TftpCommand.class,
                HttpCommand.class,
                BsdpCommand.class,
                ServeCommand.class,
                InitCommand.class,
                ImageCommand.class,
                LabCommand.class,
                DemoCommand.class,
                EraseCommand.class,
                RerunCommand.class,
        })
public final class OrchardCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != ServiceExit.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** Runs the CLI; returns the exit code, or {@link ServiceExit#KEEP_RUNNING} when a service was started. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new OrchardCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
