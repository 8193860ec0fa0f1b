package dev.orchard.ops.cli;

import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.ops.wiring.StartupCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code orchard validate --config FILE [--unprivileged]}: would {@code orchard serve} with the same flags
 * start, and would the Macs get what the configuration promises? Every error and warning with file:line
 * (the lines {@code serve} prints when it refuses to start: both run {@link StartupCheck}); exit 1 on any
 * error. {@code --skip-host-checks} checks the files alone, for a workstation without the server's files.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a configuration and this host as `orchard serve` would before starting: the files"
                + " (and everything they include), the NBI folders and every policy's nbi:, the admin token, the"
                + " listeners, the folders and every pinned sha256. Lists every error with file:line; exit 1 on"
                + " any error."})
public final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Option(names = "--unprivileged",
            description = "Check as `orchard serve --unprivileged` would run (high ports, simulated Macs only).")
    boolean unprivileged;

    @Option(names = "--skip-host-checks",
            description = {"Check the files only, not this host (NBI folders, admin token, listeners, folders,",
                    "pinned files): for a workstation or CI that has the YAML but not the server. serve never skips."})
    boolean skipHostChecks;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<ConfigSnapshot> ok;
        List<ConfigProblem> problems;
        if (skipHostChecks) {
            ConfigLoader.Result r = ConfigLoader.check(config, ConfigLoader.Options.DEFAULTS);
            ok = r.snapshot();
            problems = r.problems();
        } else {
            StartupCheck.Verdict v = StartupCheck.run(ServeOptions.of(config).withUnprivileged(unprivileged));
            ok = v.ready().map(StartupCheck.Ready::snapshot);
            problems = v.problems();
        }
        problems.forEach(out::println);
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        long warnings = problems.size() - errors;
        if (ok.isEmpty()) {
            out.println(config + ": " + errors + " error" + plural(errors) + ", " + warnings + " warning"
                    + plural(warnings) + "; " + (skipHostChecks ? "configuration rejected"
                    : "orchard serve" + (unprivileged ? " --unprivileged" : "") + " would refuse to start"));
            out.flush();
            return ServiceExit.FAILED;
        }
        ConfigSnapshot s = ok.get();
        out.println(config + ": OK (" + s.sources().size() + " file" + plural(s.sources().size()) + ", "
                + s.config().policies().size() + " polic" + (s.config().policies().size() == 1 ? "y" : "ies") + ", "
                + s.config().workflows().size() + " workflow" + plural(s.config().workflows().size()) + ", "
                + s.config().inventory().size() + " inventory row" + plural(s.config().inventory().size()) + "; "
                + warnings + " warning" + plural(warnings) + (skipHostChecks ? "; this host was not checked" : "")
                + ")");
        out.flush();
        return ServiceExit.OK;
    }

    static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    static void printProblems(PrintWriter err, List<ConfigProblem> problems) {
        problems.forEach(err::println);
        err.flush();
    }
}
