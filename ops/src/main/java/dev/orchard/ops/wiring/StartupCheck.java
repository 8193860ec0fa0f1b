package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.load.ConfigLoader;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Would {@code orchard serve} start with these options, and would the Macs get what the configuration
 * promises? The one answer {@code orchard validate} prints and {@code orchard serve} acts on (it refuses to
 * start on any error, printing the same lines), so the two can never disagree.
 *
 * <p>In order: the files (syntax, names, references, rule order: {@link ConfigLoader}); the NBI catalog of
 * {@code images.nbi_folders}, against which every policy's {@code nbi:} is checked; then this host
 * ({@link HostChecks}): the admin token, the listeners and the {@code --unprivileged} flag, the folders,
 * and every pinned file with its sha256; and the MDM's secrets ({@link MdmChecks}). The host is checked once
 * the files have no errors.
 */
public final class StartupCheck {

    /**
     * What a passing check hands to the server, so nothing is read twice.
     *
     * @param mdm the MDM's URL and secrets when {@code mdm:} is configured (docs/mdm.md)
     */
    public record Ready(ConfigSnapshot snapshot, LiveCatalog catalog, Optional<String> adminToken,
                        Optional<MdmCredentials> mdm) {
    }

    /** The outcome: {@code ready} when there is no error; every error and warning, errors first. */
    public record Verdict(Optional<Ready> ready, List<ConfigProblem> problems) {
        public Verdict {
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return ready.isPresent();
        }

        public List<ConfigProblem> errors() {
            return problems.stream().filter(ConfigProblem::isError).toList();
        }
    }

    private StartupCheck() {
    }

    public static Verdict run(ServeOptions options) {
        ConfigLoader.Result files = ConfigLoader.check(options.config(), ConfigLoader.Options.DEFAULTS);
        if (files.snapshot().isEmpty()) {
            return new Verdict(Optional.empty(), files.problems());
        }
        OrchardConfig config = files.snapshot().get().config();
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), config.images().nbiFolders());
        catalog.rescan();
        Problems problems = new Problems();
        HostChecks.nbiFolders(config, catalog.get(), problems); // the cause of any unknown nbi: below
        ConfigLoader.Result named = ConfigLoader.check(options.config(), loaderOptions(catalog));
        named.problems().forEach(problems::add);
        if (named.snapshot().isEmpty()) {
            return new Verdict(Optional.empty(), problems.sorted());
        }
        ConfigSnapshot snapshot = named.snapshot().get();
        Optional<String> token = HostChecks.run(snapshot, options, problems);
        Optional<MdmCredentials> mdm = MdmChecks.check(snapshot.config(), options.environment(), problems);
        AgentPackageChecks.check(snapshot.config(), problems);
        if (problems.hasErrors()) {
            return new Verdict(Optional.empty(), problems.sorted());
        }
        return new Verdict(Optional.of(new Ready(snapshot, catalog, token, mdm)), problems.sorted());
    }

    /** Loader options that check every {@code nbi:} against the catalog's names now (at start and at reload). */
    static ConfigLoader.Options loaderOptions(LiveCatalog catalog) {
        return ConfigLoader.Options.DEFAULTS.withKnownNbis(
                catalog.get().images().stream().map(NbImage::name).collect(Collectors.toSet()));
    }
}
