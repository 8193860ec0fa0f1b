package dev.orchard.ops.cli;

import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code orchard validate --config FILE}: every error and warning with file:line; exit 1 on any error. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a configuration (and everything it includes); list every error with file:line.")
public final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigLoader.Result result = ConfigLoader.check(config, ConfigLoader.Options.DEFAULTS);
        result.problems().forEach(out::println);
        long errors = result.errors().size();
        long warnings = result.problems().size() - errors;
        if (result.snapshot().isEmpty()) {
            out.println(config + ": " + errors + " error" + plural(errors) + ", " + warnings + " warning"
                    + plural(warnings) + "; configuration rejected");
            out.flush();
            return ServiceExit.FAILED;
        }
        ConfigSnapshot s = result.snapshot().get();
        out.println(config + ": OK (" + s.sources().size() + " file" + plural(s.sources().size()) + ", "
                + s.config().policies().size() + " polic" + (s.config().policies().size() == 1 ? "y" : "ies") + ", "
                + s.config().workflows().size() + " workflow" + plural(s.config().workflows().size()) + ", "
                + s.config().inventory().size() + " inventory row" + plural(s.config().inventory().size()) + "; "
                + warnings + " warning" + plural(warnings) + ")");
        out.flush();
        return ServiceExit.OK;
    }

    static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    static void printProblems(PrintWriter err, java.util.List<ConfigProblem> problems) {
        problems.forEach(err::println);
        err.flush();
    }
}
