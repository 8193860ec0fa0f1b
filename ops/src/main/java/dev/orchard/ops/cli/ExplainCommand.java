package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.JournalReader;
import dev.orchard.ops.mdm.MdmReports;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.ExplainJson;
import dev.orchard.ops.policy.ExplainText;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.MdmReport;
import dev.orchard.ops.policy.PolicyEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code orchard explain}: what the policy gives one Mac, and the trace of every rule considered —
 * "why did this Mac get that".
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show the decision for one Mac and why: every rule considered, field by field.")
public final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Option(names = "--mac", required = true, paramLabel = "MAC", description = "e.g. 00:1b:63:84:45:e6")
    String mac;

    @Option(names = "--model", paramLabel = "ID", description = "model identifier, e.g. iMac18,3")
    String model;

    @Option(names = "--serial", paramLabel = "SERIAL", description = "hardware serial number")
    String serial;

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "the Mac's IPv4 address (for subnet rules)")
    String ip;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MachineIdentity id;
        try {
            id = MachineIdentity.parse(mac, serial, model, ip);
        } catch (IllegalArgumentException e) {
            err.println("explain: " + e.getMessage());
            err.flush();
            return ServiceExit.USAGE;
        }
        ConfigLoader.Result result = ConfigLoader.check(config, ConfigLoader.Options.DEFAULTS);
        if (result.snapshot().isEmpty()) {
            ValidateCommand.printProblems(err, result.errors());
            err.println(config + ": configuration rejected; fix the errors above (orchard validate lists them all)");
            err.flush();
            return ServiceExit.FAILED;
        }
        ConfigSnapshot snapshot = result.snapshot().get();
        Decision d = PolicyEvaluator.decide(snapshot, id);
        Optional<MdmReport> mdm = mdmReport(snapshot, id);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(ExplainJson.of(d, mdm)));
        } else {
            out.print(ExplainText.render(d, mdm));
        }
        out.flush();
        return ServiceExit.OK;
    }

    /**
     * What the MDM reported about this Mac, read from the journal without changing it (as {@code orchard
     * machines} does, safe while a server appends); nothing when there is no journal yet.
     */
    private static Optional<MdmReport> mdmReport(ConfigSnapshot snapshot, MachineIdentity id) {
        Path journal = snapshot.config().journalFolder();
        if (!Files.isDirectory(journal)) {
            return Optional.empty();
        }
        try {
            return JournalReader.machines(journal, JournalOptions.DEFAULTS).stream()
                    .filter(m -> m.mac().equals(id.mac().toString())).findFirst()
                    .flatMap(MdmReports::of);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
