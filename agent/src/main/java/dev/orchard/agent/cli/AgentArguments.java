package dev.orchard.agent.cli;

import dev.orchard.agent.backend.HandOff;
import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.transfer.HttpSettings;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's command line (JDK only, no parser library: the jar stays small). Options take their value
 * as the next argument or after {@code =}. A hand-off file ({@code --handoff}) supplies defaults that
 * explicit options override.
 */
public final class AgentArguments {

    /** The {@code --help} text. */
    public static final String USAGE = """
            usage: java -jar orchard-agent.jar --server URL [--target PATH|DEVICE] [options]

            identity (a Mac reads them from the system; flags win):
              --mac M  --serial S  --model X  --interface en0
            what and how:
              --backend macos|generic     default: macos on a Mac, generic elsewhere
              --mode auto|thin            thin: only the plan's workflow (first boot)
              --handoff FILE              read server, identity and mode from a hand-off file
              --image /images/NAME        restore this image without a plan (manifest at NAME/manifest);
                                          reports go to the console only
              --manifest FILE             with --image: the manifest from a local file (a server without manifests)
              --ticket CODE               an enrollment code from `orchard ticket` (or $ORCHARD_TICKET): lets
                                          this run have its plan without a netboot (docs/agent-api.md)
              --managed-prefs FILE        read --server and the code from managed preferences (ServerURL,
                                          EnrollmentCode) as the server's profile leaves them after an MDM
                                          erase; default on macOS without a code:
                                          /Library/Managed Preferences/dev.orchard.agent.plist
              --work DIR                  downloads, journal, scripts (default: $TMPDIR/orchard-agent)
              --sandbox DIR               generic backend: where workflow results go (default: WORK/sandbox)
              --volume-name NAME          macOS: the system volume (default: Macintosh HD)
              --no-reboot                 never restart, even when the plan says so
            network:
              --retries N (10)  --retry-delay 500ms  --retry-max-delay 15s  --source-address A
              --connect-timeout 10s  --request-timeout 60s  --stall-timeout 30s
            restore:
              --buffer-size 4MiB  --buffers 6  --direct-io auto|on|off
              --reuse auto|journal|scan|none  --sync-interval 1s
            reports:
              --report-timeout 30s  --report-retry-max 5s  --progress-interval 2s  --event-queue 1024
            other:
              --quiet  --help  --version
            """;

    private static final Set<String> FLAGS = Set.of("--no-reboot", "--quiet", "--help", "--version");

    /** The parsed command line. */
    public record Parsed(AgentOptions options, String networkInterface, boolean quiet, boolean help, boolean version) {
    }

    private AgentArguments() {
    }

    public static Parsed parse(List<String> args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (!FLAGS.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args.get(++i);
            }
            values.put(name, value == null ? "true" : value);
        }
        if (values.containsKey("--help") || values.containsKey("--version")) {
            return new Parsed(null, "en0", false, values.containsKey("--help"), values.containsKey("--version"));
        }
        boolean quiet = values.containsKey("--quiet");
        String networkInterface = values.getOrDefault("--interface", "en0");
        return new Parsed(options(values), networkInterface, quiet, false, false);
    }

    private static AgentOptions options(Map<String, String> v) throws UsageException {
        HandOff handOff = null;
        Path handOffFile = null;
        if (v.containsKey("--handoff")) {
            handOffFile = Path.of(v.remove("--handoff"));
            try {
                handOff = HandOff.read(handOffFile);
            } catch (IOException e) {
                throw new UsageException("--handoff: " + e.getMessage());
            }
        }
        ManagedPreferences managed = handOff == null ? managedPreferences(v) : null;
        String server = take(v, "--server", handOff != null ? handOff.server()
                : managed != null ? managed.serverUrl() : null);
        if (server == null) {
            throw new UsageException("--server is required (the Orchard server's URL, e.g. http://10.0.0.2:8080)");
        }
        String image = take(v, "--image", null);
        AgentOptions.Builder b = AgentOptions.builder(serverUri(server))
                .target(take(v, "--target", null))
                .image(image)
                .mac(take(v, "--mac", handOff == null ? null : handOff.mac()))
                .serial(take(v, "--serial", handOff == null ? null : handOff.serial()))
                .model(take(v, "--model", handOff == null ? null : handOff.model()));
        if (handOff != null) {
            b.mode(Values.choice("mode", handOff.mode() == null ? "thin" : handOff.mode(), AgentOptions.Mode.class))
                    .handedOffFrom(handOff.after()).handOffFile(handOffFile);
            if (handOff.work() != null) {
                b.workFolder(Path.of(handOff.work()));
            }
            b.runToken(handOff.token());
        }
        b.ticket(take(v, "--ticket", System.getenv("ORCHARD_TICKET") != null ? System.getenv("ORCHARD_TICKET")
                : managed != null ? managed.enrollmentCode() : null));
        String s;
        if ((s = take(v, "--backend", null)) != null) {
            b.backend(Values.choice("--backend", s, AgentOptions.BackendKind.class));
        }
        if ((s = take(v, "--mode", null)) != null) {
            b.mode(Values.choice("--mode", s, AgentOptions.Mode.class));
        }
        if ((s = take(v, "--work", null)) != null) {
            b.workFolder(Path.of(s));
        }
        if ((s = take(v, "--sandbox", null)) != null) {
            b.sandbox(Path.of(s));
        }
        if ((s = take(v, "--manifest", null)) != null) {
            if (image == null) {
                throw new UsageException("--manifest goes with --image");
            }
            b.manifestFile(Path.of(s));
        }
        if ((s = take(v, "--volume-name", null)) != null) {
            b.volumeName(s);
        }
        if (take(v, "--no-reboot", null) != null) {
            b.reboot(false);
        }
        b.http(http(v)).restore(restore(v));
        if ((s = take(v, "--report-timeout", null)) != null) {
            b.reportTimeout(Values.duration("--report-timeout", s));
        }
        if ((s = take(v, "--report-retry-max", null)) != null) {
            b.reportRetryMax(Values.duration("--report-retry-max", s));
        }
        if ((s = take(v, "--progress-interval", null)) != null) {
            b.progressEvery(Values.duration("--progress-interval", s));
        }
        if ((s = take(v, "--event-queue", null)) != null) {
            b.eventQueue(Values.integer("--event-queue", s, 8));
        }
        v.remove("--interface");
        v.remove("--quiet");
        if (!v.isEmpty()) {
            throw new UsageException("unknown option " + v.keySet().iterator().next());
        }
        return b.build();
    }

    /**
     * The managed preferences an erased Mac's enrollment profile left (docs/mdm.md, "Letting the agent in"):
     * {@code --managed-prefs FILE}, or on macOS {@value ManagedPreferences#MAC_PATH} when it exists and the agent
     * was given no code ({@code --ticket}, {@code $ORCHARD_TICKET}); null otherwise.
     */
    private static ManagedPreferences managedPreferences(Map<String, String> v) throws UsageException {
        String file = v.remove("--managed-prefs");
        if (file != null) {
            return ManagedPreferences.read(Path.of(file));
        }
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
        Path standard = Path.of(ManagedPreferences.MAC_PATH);
        if (mac && !v.containsKey("--ticket") && System.getenv("ORCHARD_TICKET") == null
                && java.nio.file.Files.isRegularFile(standard)) {
            return ManagedPreferences.read(standard);
        }
        return null;
    }

    private static HttpSettings http(Map<String, String> v) throws UsageException {
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings(
                dur(v, "--connect-timeout", d.connectTimeout()),
                dur(v, "--request-timeout", d.requestTimeout()),
                dur(v, "--stall-timeout", d.stallTimeout()),
                v.containsKey("--retries") ? Values.integer("--retries", v.remove("--retries"), 0) : d.retries(),
                dur(v, "--retry-delay", d.retryInitial()),
                dur(v, "--retry-max-delay", d.retryMax()),
                sourceAddress(v.remove("--source-address")));
    }

    /** {@code --source-address}: a numeric address of this machine (no name lookups in a boot environment). */
    private static java.net.InetAddress sourceAddress(String s) throws UsageException {
        if (s == null) {
            return null;
        }
        if (!s.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new UsageException("--source-address takes a numeric IP address, not " + s);
        }
        try {
            return java.net.InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new UsageException("--source-address: " + e.getMessage());
        }
    }

    private static RestoreOptions restore(Map<String, String> v) throws UsageException {
        RestoreOptions d = RestoreOptions.defaults();
        int bufferBytes = v.containsKey("--buffer-size") ? Values.size("--buffer-size", v.remove("--buffer-size")) : d.maxBufferBytes();
        if (bufferBytes % RestoreOptions.ALIGNMENT != 0) {
            throw new UsageException("--buffer-size must be a multiple of 4 KiB");
        }
        try {
            return new RestoreOptions(bufferBytes,
                    v.containsKey("--buffers") ? Values.integer("--buffers", v.remove("--buffers"), 2) : d.buffers(),
                    v.containsKey("--direct-io") ? Values.choice("--direct-io", v.remove("--direct-io"), RestoreOptions.DirectIo.class) : d.directIo(),
                    v.containsKey("--reuse") ? Values.choice("--reuse", v.remove("--reuse"), RestoreOptions.Reuse.class) : d.reuse(),
                    dur(v, "--sync-interval", d.syncInterval()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Duration dur(Map<String, String> v, String option, Duration fallback) throws UsageException {
        String s = v.remove(option);
        return s == null ? fallback : Values.duration(option, s);
    }

    private static String take(Map<String, String> v, String option, String fallback) {
        String s = v.remove(option);
        return s == null ? fallback : s;
    }

    private static URI serverUri(String server) throws UsageException {
        try {
            URI uri = new URI(server);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new URISyntaxException(server, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--server: '" + server + "' is not an http:// or https:// URL");
        }
    }
}
