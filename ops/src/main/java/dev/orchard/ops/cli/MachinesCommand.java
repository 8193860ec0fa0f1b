package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineQuery;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.JournalReader;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.machines.MachineJson;
import dev.orchard.ops.machines.MachineSelection;
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
 * server is appending), filtered and paged like {@code GET /api/v1/machines}; {@code --json} prints the
 * very document the API answers ({@link MachineJson}).
 */
@Command(name = "machines", mixinStandardHelpOptions = true,
        description = "List machines from the status journal: MAC, name, model, policy, stage, progress, last seen."
                + " Filters and paging as in GET /api/v1/machines; sorted by MAC.")
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

    @Option(names = "--json", description = "print JSON (the document GET /api/v1/machines answers) instead of a table")
    boolean json;

    @Option(names = "--stage", paramLabel = "STAGE", description = "only machines whose latest event is of this"
            + " stage: plan, erase, restore, verify, install, workflow, bless, reboot, done")
    String stage;

    @Option(names = "--group", paramLabel = "NAME", description = "only members of this group (needs --config)")
    String group;

    @Option(names = "--failed", negatable = true, description = "only machines whose latest event failed"
            + " (--no-failed: only those whose latest event did not)")
    Boolean failed;

    @Option(names = {"-q", "--search"}, paramLabel = "TEXT", description = "only machines whose MAC, serial or name"
            + " contains TEXT (any case)")
    String search;

    @Option(names = "--limit", paramLabel = "N", description = "at most N machines (1 to 1000)")
    String limit;

    @Option(names = "--cursor", paramLabel = "MAC", description = "the page after this cursor (nextCursor of the"
            + " previous page)")
    String cursor;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MachineQuery query;
        try {
            query = MachineQuery.parse(parameters());
        } catch (InvalidRequestException e) {
            err.println("machines: " + e.getMessage());
            err.flush();
            return ServiceExit.USAGE;
        }
        Path journal;
        MachineDirectory directory = null;
        if (source.config != null) {
            ConfigLoader.Result r = ConfigLoader.check(source.config, ConfigLoader.Options.DEFAULTS);
            if (r.snapshot().isEmpty()) {
                ValidateCommand.printProblems(err, r.errors());
                return ServiceExit.FAILED;
            }
            ConfigSnapshot s = r.snapshot().get();
            journal = s.config().journalFolder();
            directory = s.directory();
        } else {
            journal = source.data.resolve("journal");
        }
        if (!Files.isDirectory(journal)) {
            err.println("machines: no journal at " + journal + " (has the server run with this data folder?)");
            err.flush();
            return ServiceExit.FAILED;
        }
        MachineSelection.Page page;
        try {
            page = MachineSelection.select(JournalReader.machines(journal, JournalOptions.DEFAULTS), query, directory);
        } catch (InvalidRequestException e) {
            err.println("machines: " + e.getMessage() + (directory == null && group != null ? " (use --config)" : ""));
            err.flush();
            return ServiceExit.USAGE;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(MachineJson.page(page, query)));
        } else {
            out.print(table(page.machines(), Instant.now()));
            page.nextCursor().ifPresent(c -> out.println("(more: --cursor " + c + ")"));
        }
        out.flush();
        return ServiceExit.OK;
    }

    /** The options as the API's query parameters, so {@link MachineQuery#parse} checks both alike. */
    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "stage", stage);
        put(p, "group", group);
        put(p, "failed", failed == null ? null : failed.toString());
        put(p, "q", search);
        put(p, "limit", limit);
        put(p, "cursor", cursor);
        return p;
    }

    private static void put(Map<String, String> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    static String table(List<MachineStatus> machines, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MAC", "NAME", "MODEL", "POLICY", "STAGE", "PROGRESS", "LAST SEEN", "MDM"});
        for (MachineStatus m : machines) {
            rows.add(new String[] {m.mac(), dash(m.name()), dash(m.model()), dash(m.policy()),
                    (m.stage() == null ? "-" : m.stage().wireName() + " " + m.result().wireName())
                            + (m.rerun() == null ? "" : " (re-run requested)"),
                    m.progress() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", m.progress()),
                    m.lastSeen() == null ? "-" : m.lastSeen().truncatedTo(ChronoUnit.SECONDS) + " ("
                            + ago(Duration.between(m.lastSeen(), now)) + ")",
                    m.erase() == null ? "-" : "erase " + m.erase().stage()
                            + (m.erase().reason() == null ? "" : " (" + m.erase().reason() + ")")});
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
