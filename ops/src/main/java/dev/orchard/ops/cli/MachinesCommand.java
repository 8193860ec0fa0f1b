package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.JournalReader;
import dev.orchard.ops.journal.MachineStatus;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code orchard machines}: the status of every machine from the journal, read-only (safe while a
 * server is appending).
 */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = "List machines from the status journal: MAC, name, model, policy, stage, progress, last seen.")
public final class MachinesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--data", paramLabel = "DIR", description = "the server's data folder (holds journal/)")
        Path data;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "orchard.yaml (uses server.data_dir)")
        Path config;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path journal;
        if (source.config != null) {
            ConfigLoader.Result r = ConfigLoader.check(source.config, ConfigLoader.Options.DEFAULTS);
            if (r.snapshot().isEmpty()) {
                ValidateCommand.printProblems(err, r.errors());
                return ServiceExit.FAILED;
            }
            ConfigSnapshot s = r.snapshot().get();
            journal = s.config().journalFolder();
        } else {
            journal = source.data.resolve("journal");
        }
        if (!Files.isDirectory(journal)) {
            err.println("machines: no journal at " + journal + " (has the server run with this data folder?)");
            err.flush();
            return ServiceExit.FAILED;
        }
        List<MachineStatus> machines = JournalReader.machines(journal, JournalOptions.DEFAULTS);
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            machines.forEach(m -> rows.add(row(m)));
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            out.print(table(machines, Instant.now()));
        }
        out.flush();
        return ServiceExit.OK;
    }

    static Map<String, Object> row(MachineStatus m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mac", m.mac());
        r.put("name", m.name());
        r.put("serial", m.serial());
        r.put("model", m.model());
        r.put("policy", m.policy());
        r.put("action", m.action());
        r.put("stage", m.stage() == null ? null : m.stage().wireName());
        r.put("result", m.result() == null ? null : m.result().wireName());
        r.put("step", m.step());
        r.put("bytesDone", m.bytesDone());
        r.put("bytesTotal", m.bytesTotal());
        r.put("progress", m.progress());
        r.put("message", m.message());
        r.put("lastSeen", m.lastSeen() == null ? null : m.lastSeen().toString());
        return r;
    }

    static String table(List<MachineStatus> machines, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MAC", "NAME", "MODEL", "POLICY", "STAGE", "PROGRESS", "LAST SEEN"});
        for (MachineStatus m : machines) {
            rows.add(new String[] {m.mac(), dash(m.name()), dash(m.model()), dash(m.policy()),
                    m.stage() == null ? "-" : m.stage().wireName() + " " + m.result().wireName(),
                    m.progress() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", m.progress()),
                    m.lastSeen() == null ? "-" : m.lastSeen().truncatedTo(ChronoUnit.SECONDS) + " ("
                            + ago(Duration.between(m.lastSeen(), now)) + ")"});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        if (machines.isEmpty()) {
            sb.append("(no machines in the journal yet)\n");
        }
        return sb.toString();
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86400) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
