package dev.orchard.ops.config.load;

import dev.orchard.ops.config.ConfigFile;
import dev.orchard.ops.config.IncludeEntry;
import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.ObservabilitySettings;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.ServerSettings;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.yaml.MapReader;
import dev.orchard.ops.config.yaml.YamlNode;
import dev.orchard.ops.config.yaml.YamlTreeReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one YAML file into a {@link ConfigFile}: the top-level sections and the small ones (server,
 * admin token, metrics, logging); images, workflows and policies have their own readers. Relative
 * paths are resolved against the folder of the file that wrote them.
 */
final class ConfigFileReader {

    private final Path file;
    private final Path dir;
    private final Problems problems;
    private final boolean main;
    private final Map<String, SourceLocation> locations;

    /** Sections only the main file may set: one server, one token, one place for shared folders. */
    static final List<String> MAIN_ONLY = List.of("include", "server", "admin_token", "metrics", "logging", "mdm", "erase", "webhooks", "multicast");

    private ConfigFileReader(Path file, Problems problems, boolean main, Map<String, SourceLocation> locations) {
        this.main = main;
        this.locations = locations;
        this.file = file;
        this.dir = IncludeResolver.folderOf(file);
        this.problems = problems;
    }

    /**
     * The file's sections, or empty when it could not be parsed at all (the reason is in {@code problems}).
     *
     * @param locations receives where settings without a location of their own were written
     *                  ({@link dev.orchard.ops.config.KeyLocations})
     */
    static Optional<ConfigFile> read(Path file, Problems problems, boolean main, Map<String, SourceLocation> locations) {
        ConfigFileReader reader = new ConfigFileReader(file, problems, main, locations);
        return YamlTreeReader.read(file, problems)
                .flatMap(root -> MapReader.of(root, problems, ""))
                .map(reader::readTop);
    }

    private ConfigFile readTop(MapReader top) {
        if (!main) {
            for (String key : MAIN_ONLY) {
                if (top.has(key)) {
                    problems.error(top.keyAt(key), key + ": only the main configuration file may set this (this file"
                            + " is included); move it to the main file");
                }
            }
        }
        List<IncludeEntry> include = top.scalars("include").stream()
                .map(s -> new IncludeEntry(s.text().trim(), s.at())).toList();
        ServerSettings server = top.object("server", this::server);
        var images = top.object("images", r -> new ImagesReader(dir, main, locations).read(r));
        var workflows = new WorkflowReader(dir).readAll(top);
        var groups = top.objects("groups", PolicyReader::group);
        List<Path> inventory = top.list("inventory", this::existingFile);
        var policies = top.objects("policies", PolicyReader::rule);
        SecretSource adminToken = top.node("admin_token").map(this::adminToken).orElse(null);
        var metrics = top.object("metrics", r -> {
            Boolean enabled = r.bool("enabled");
            r.finish();
            return new ObservabilitySettings.Metrics(enabled == null || enabled);
        });
        var logging = top.object("logging", r -> {
            var format = r.value("format", ObservabilitySettings.LogFormat::parse);
            String level = r.value("level", ValueRules::logLevel);
            var accessLog = r.object("access_log", this::accessLog);
            r.finish();
            var d = ObservabilitySettings.Logging.DEFAULTS;
            return new ObservabilitySettings.Logging(format == null ? d.format() : format, level == null ? d.level() : level,
                    accessLog);
        });
        var mdm = top.object("mdm", r -> new MdmReader(this::path, locations).read(r));
        var erase = top.object("erase", r -> {
            note(r, "agent_package");
            return EraseReader.read(r, this::path);
        });
        var webhooks = new WebhooksReader(this::path, locations).readAll(top);
        var multicast = top.object("multicast", MulticastReader::read);
        top.finish();
        return new ConfigFile(file, include, server, images, workflows, groups, inventory, policies, adminToken,
                metrics, logging, mdm, erase, webhooks, multicast);
    }

    private ServerSettings server(MapReader r) {
        note(r, "advertise_address", "data_dir");
        String advertise = r.value("advertise_address", ConfigFileReader::ipv4);
        List<String> interfaces = r.list("interfaces", ValueRules::interfaceName);
        Path dataDir = r.value("data_dir", this::path);
        var bsdp = r.object("bsdp", b -> {
            note(b, "address", "port");
            var d = ServerSettings.BsdpSettings.DEFAULTS;
            String address = b.value("address", ConfigFileReader::ipv4);
            Integer port = b.integer("port", 1, 65535);
            Integer priority = b.integer("priority", 0, 65535);
            b.finish();
            return new ServerSettings.BsdpSettings(or(address, d.address()), or(port, d.port()), or(priority, d.priority()));
        });
        var tftp = r.object("tftp", t -> {
            note(t, "address", "port");
            var d = ServerSettings.TftpSettings.DEFAULTS;
            String address = t.value("address", ConfigFileReader::ipv4);
            Integer port = t.integer("port", 1, 65535);
            String prefix = t.value("prefix", ConfigFileReader::prefix);
            t.finish();
            return new ServerSettings.TftpSettings(or(address, d.address()), or(port, d.port()), or(prefix, d.prefix()));
        });
        var http = r.object("http", h -> {
            note(h, "address", "port");
            var d = ServerSettings.HttpSettings.DEFAULTS;
            String address = h.value("address", ConfigFileReader::ipv4);
            Integer port = h.integer("port", 1, 65535);
            var tls = h.object("tls", t -> {
                note(t, "cert", "key", "port");
                t.require("cert", "PEM certificate chain file");
                t.require("key", "PEM private key file");
                Path cert = t.value("cert", this::path);
                Path key = t.value("key", this::path);
                Integer tlsPort = t.integer("port", 1, 65535);
                if (tlsPort != null && tlsPort.equals(port != null ? port : d.port())) {
                    t.problems().error(t.at("port"), t.path() + ".port: " + tlsPort
                            + " is already the plain HTTP port; HTTPS needs a port of its own (default 443)");
                }
                t.finish();
                return cert == null || key == null ? null
                        : new ServerSettings.TlsSettings(cert, key, or(tlsPort, ServerSettings.TlsSettings.DEFAULT_PORT));
            });
            h.finish();
            return new ServerSettings.HttpSettings(or(address, d.address()), or(port, d.port()), tls);
        });
        r.finish();
        return new ServerSettings(advertise, interfaces, dataDir, bsdp, tftp, http);
    }

    /** {@code logging.access_log}: {@code format} (default text) and {@code path} (a file, or {@code stdout}). */
    private ObservabilitySettings.AccessLog accessLog(MapReader r) {
        note(r, "path");
        r.require("path", "a file to append to, or stdout");
        var format = r.value("format", ObservabilitySettings.LogFormat::parse);
        String path = r.value("path", ValueRules::nonBlank);
        r.finish();
        if (path == null) {
            return null;
        }
        return new ObservabilitySettings.AccessLog(format == null ? ObservabilitySettings.LogFormat.TEXT : format,
                path.equals("stdout") ? null : path(path));
    }

    private SecretSource adminToken(YamlNode node) {
        return SecretSourceReader.read(node, "admin_token", "token", problems, this::path, locations);
    }

    /** Records where {@code keys} of {@code r} were written, under their dotted path. */
    private void note(MapReader r, String... keys) {
        for (String key : keys) {
            if (r.has(key)) {
                locations.put(r.path() + "." + key, r.at(key));
            }
        }
    }

    private Path path(String text) {
        return dir.resolve(ValueRules.nonBlank(text)).normalize();
    }

    private Path existingFile(String text) {
        Path p = path(text);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p);
        }
        return p;
    }

    private static String ipv4(String text) {
        return Ipv4.format(Ipv4.parse(text));
    }

    private static String prefix(String text) {
        String t = text.trim();
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        return t.isEmpty() ? t : ValueRules.servedPath(t);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
