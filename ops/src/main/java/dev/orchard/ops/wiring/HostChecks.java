package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.CatalogProblem;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.http.server.TlsSettings;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.KeyLocations;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.ServerSettings;
import dev.orchard.ops.config.SourceLocation;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The part of {@link StartupCheck} that looks at this host, not at the files: every way {@code orchard serve}
 * would fail to start, or the Macs would fail at their first request, once the configuration itself is
 * valid (the NBI folders even before: they explain an unknown {@code nbi:}). Each finding points at the line
 * of the setting to change.
 */
final class HostChecks {

    private final OrchardConfig config;
    private final KeyLocations at;
    private final Problems problems;

    private HostChecks(OrchardConfig config, Problems problems) {
        this.config = config;
        this.at = config.locations();
        this.problems = problems;
    }

    /** Adds every finding to {@code problems}; returns the admin token when one is configured and usable. */
    static Optional<String> run(ConfigSnapshot snapshot, ServeOptions options, Problems problems) {
        HostChecks c = new HostChecks(snapshot.config(), problems);
        Optional<String> token = c.adminToken(options);
        c.webhookSecrets(options);
        c.accessLog();
        ListenerChecks.check(snapshot.config(), options, problems);
        c.folders();
        PinnedFiles.check(snapshot, problems);
        return token;
    }

    /**
     * BSDP, TFTP and HTTP all serve the bundles of these folders; TFTP refuses to start without them. Checked
     * before the policies' {@code nbi:} names, whose errors this explains.
     */
    static void nbiFolders(OrchardConfig config, NbiCatalog catalog, Problems problems) {
        for (Path folder : config.images().nbiFolders()) {
            SourceLocation where = config.locations().of(KeyLocations.nbiFolder(folder));
            if (!Files.isDirectory(folder)) {
                problems.error(where, "images.nbi_folders: " + folder + (Files.exists(folder) ? " is not a folder"
                        : " does not exist") + "; it must hold the .nbi bundles Macs boot into");
                continue;
            }
            Path real = folder.toAbsolutePath().normalize();
            if (catalog.images().stream().noneMatch(i -> i.bundle().toAbsolutePath().normalize().startsWith(real))) {
                problems.warn(where, "images.nbi_folders: " + folder + " holds no usable .nbi bundle");
            }
            catalog.problems().stream()
                    .filter(p -> p.severity() == CatalogProblem.Severity.ERROR && !p.key().equals("folder"))
                    .filter(p -> p.bundle().toAbsolutePath().normalize().startsWith(real))
                    .forEach(p -> problems.warn(where, "NBI bundle not served: " + p));
        }
    }

    private Optional<String> adminToken(ServeOptions options) {
        SecretSource source = config.adminToken();
        if (source == null) {
            return Optional.empty();
        }
        SourceLocation where = at.of(source.env() != null ? "admin_token.env" : "admin_token.file");
        SecretSource.Reading r = source.read(options.environment());
        r.errors().forEach(e -> problems.error(where, "admin_token: " + e));
        r.warnings().forEach(w -> problems.warn(where, "admin_token: " + w));
        return r.secret();
    }

    /** Each webhook's signing secret, checked as the admin token is (docs/webhooks.md). */
    private void webhookSecrets(ServeOptions options) {
        for (int i = 0; i < config.webhooks().size(); i++) {
            SecretSource source = config.webhooks().get(i).secret();
            String key = "webhooks[" + i + "].secret." + (source.env() != null ? "env" : "file");
            SecretSource.Reading r = Webhooks.readSecret(config.webhooks().get(i), options);
            r.errors().forEach(e -> problems.error(at.of(key), key + ": " + e));
            r.warnings().forEach(w -> problems.warn(at.of(key), key + ": " + w));
        }
    }

    /** The access log file: a writable file, or one this process can create in an existing folder. */
    private void accessLog() {
        var log = config.logging().accessLog();
        if (log == null || log.path() == null) {
            return;
        }
        Path file = log.path().toAbsolutePath().normalize();
        Path folder = file.getParent();
        String why = null;
        if (Files.isDirectory(file)) {
            why = file + " is a folder; name a file in it";
        } else if (Files.exists(file) && !Files.isWritable(file)) {
            why = file + " is not writable by this process (" + FolderAccess.who() + ")";
        } else if (!Files.exists(file) && (folder == null || !Files.isDirectory(folder))) {
            why = "the folder " + folder + " does not exist (Orchard creates the file, not its folder)";
        } else if (!Files.exists(file) && !Files.isWritable(folder)) {
            why = "cannot create " + file + ": " + folder + " is not writable by this process (" + FolderAccess.who() + ")";
        }
        if (why != null) {
            problems.error(at.of("logging.access_log.path"), "logging.access_log.path: " + why);
        }
    }

    private void folders() {
        Path data = config.server().dataDir();
        Optional<String> dataProblem = FolderAccess.writable(data);
        dataProblem.ifPresent(why -> problems.error(at.of("server.data_dir"), "server.data_dir: " + why
                + " (it holds the journal and the machine-token secret; this process is " + FolderAccess.who() + ")"));
        Path journal = config.journalFolder();
        if (Files.exists(journal)) {
            FolderAccess.writable(journal).ifPresent(why -> problems.error(at.of("server.data_dir"), "journal: " + why));
        }
        ServerSecret.problem(data).ifPresent(why -> problems.error(at.of("server.data_dir"), why));
        if (dataProblem.isEmpty() || at.isSet("images.block_folder")) { // else the default inherits that error
            readable("images.block_folder", config.blockFolder(), "default <data_dir>/images");
        }
        if (dataProblem.isEmpty() || at.isSet("images.payloads_folder")) {
            readable("images.payloads_folder", config.payloadsFolder(), "default <data_dir>/payloads");
        }
        ServerSettings.TlsSettings tls = config.server().http().tls();
        if (tls != null) {
            try {
                new TlsSettings(new InetSocketAddress(0), tls.cert(), tls.key()).serverContext();
            } catch (Exception e) {
                problems.error(at.of("server.http.tls.cert"), "server.http.tls: " + e.getMessage());
            }
        }
    }

    /** A folder HTTP serves: it must exist and be readable, or be possible to create (the server does). */
    private void readable(String key, Path folder, String fallback) {
        FolderAccess.readable(folder).ifPresent(why -> problems.error(at.of(key), key
                + (at.isSet(key) ? "" : " (" + fallback + ")") + ": " + why));
    }
}
