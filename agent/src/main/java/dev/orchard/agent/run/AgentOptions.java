package dev.orchard.agent.run;

import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.transfer.HttpSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one agent run is told: where the server is, what to write to, who this machine is (when
 * not read from the system), and the knobs. Build with {@link #builder(URI)}.
 *
 * @param target        file or device to restore/install onto (macOS: a whole disk, {@code disk0})
 * @param workFolder    downloads, journal, scripts, workflow state
 * @param sandbox       generic backend: where thin steps put their results (default {@code <work>/sandbox})
 * @param reportTimeout how long the agent waits at the end for queued events to be delivered
 * @param progressEvery at most one progress event per this interval
 * @param volumeName    macOS: the system volume's name (erase, asr target, bless)
 * @param reboot        false: never reboot, even when the plan asks (the startup script does it)
 * @param handedOffFrom set on first boot after a hand-off ({@code install} or {@code restore}), so the
 *                      thin run reports that stage as finished first
 * @param image         manual restore of this server path ({@code /images/x.img}) without a plan; events
 *                      go to the console only
 * @param manifestFile with {@code image}: read the manifest from this local file instead of the server
 *                      (a plain web server that serves images but no manifests)
 * @param handOffFile   the hand-off file this run came from; a successful run deletes it (before any
 *                      restart), so the first-boot launch daemon never runs the workflow twice
 * @param ticket        {@code --ticket}: an enrollment code an admin issued for this Mac, or null
 * @param runToken      from a hand-off: the run token its plan is fetched with again, or null
 */
public record AgentOptions(URI server, String target, String mac, String serial, String model, BackendKind backend,
                           Mode mode, Path workFolder, Path sandbox, HttpSettings http, RestoreOptions restore,
                           Duration reportTimeout, Duration reportRetryMax, Duration progressEvery, int eventQueue,
                           String volumeName, boolean reboot, String handedOffFrom, String image,
                           Path manifestFile, Path handOffFile, String ticket, String runToken) {

    /** Which system the agent drives. */
    public enum BackendKind { MACOS, GENERIC }

    /** {@code auto}: do the plan's action; {@code thin}: only its workflow (first boot after a hand-off). */
    public enum Mode { AUTO, THIN }

    public AgentOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(workFolder, "workFolder");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(reportTimeout, "reportTimeout");
        Objects.requireNonNull(reportRetryMax, "reportRetryMax");
        Objects.requireNonNull(progressEvery, "progressEvery");
        sandbox = sandbox == null ? workFolder.resolve("sandbox") : sandbox;
        volumeName = volumeName == null ? "Macintosh HD" : volumeName;
    }

    public static Builder builder(URI server) {
        return new Builder(server);
    }

    public Builder toBuilder() {
        Builder b = new Builder(server);
        b.target = target;
        b.mac = mac;
        b.serial = serial;
        b.model = model;
        b.backend = backend;
        b.mode = mode;
        b.workFolder = workFolder;
        b.sandbox = sandbox;
        b.http = http;
        b.restore = restore;
        b.reportTimeout = reportTimeout;
        b.reportRetryMax = reportRetryMax;
        b.progressEvery = progressEvery;
        b.eventQueue = eventQueue;
        b.volumeName = volumeName;
        b.reboot = reboot;
        b.handedOffFrom = handedOffFrom;
        b.image = image;
        b.manifestFile = manifestFile;
        b.handOffFile = handOffFile;
        b.ticket = ticket;
        b.runToken = runToken;
        return b;
    }

    /** The backend for the operating system the agent runs on. */
    public static BackendKind defaultBackend() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac")
                ? BackendKind.MACOS : BackendKind.GENERIC;
    }

    /** Fluent construction with the documented defaults. */
    public static final class Builder {
        private final URI server;
        private String target;
        private String mac;
        private String serial;
        private String model;
        private BackendKind backend = defaultBackend();
        private Mode mode = Mode.AUTO;
        private Path workFolder = Path.of(System.getProperty("java.io.tmpdir"), "orchard-agent");
        private Path sandbox;
        private HttpSettings http = HttpSettings.defaults();
        private RestoreOptions restore = RestoreOptions.defaults();
        private Duration reportTimeout = Duration.ofSeconds(30);
        private Duration reportRetryMax = Duration.ofSeconds(5);
        private Duration progressEvery = Duration.ofSeconds(2);
        private int eventQueue = 1024;
        private String volumeName;
        private boolean reboot = true;
        private String handedOffFrom;
        private String image;
        private Path manifestFile;
        private Path handOffFile;
        private String ticket;
        private String runToken;

        private Builder(URI server) {
            this.server = server;
        }

        public Builder target(String v) { target = v; return this; }
        public Builder mac(String v) { mac = v; return this; }
        public Builder serial(String v) { serial = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder backend(BackendKind v) { backend = v; return this; }
        public Builder mode(Mode v) { mode = v; return this; }
        public Builder workFolder(Path v) { workFolder = v; return this; }
        public Builder sandbox(Path v) { sandbox = v; return this; }
        public Builder http(HttpSettings v) { http = v; return this; }
        public Builder restore(RestoreOptions v) { restore = v; return this; }
        public Builder reportTimeout(Duration v) { reportTimeout = v; return this; }
        public Builder reportRetryMax(Duration v) { reportRetryMax = v; return this; }
        public Builder progressEvery(Duration v) { progressEvery = v; return this; }
        public Builder eventQueue(int v) { eventQueue = v; return this; }
        public Builder volumeName(String v) { volumeName = v; return this; }
        public Builder reboot(boolean v) { reboot = v; return this; }
        public Builder handedOffFrom(String v) { handedOffFrom = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder manifestFile(Path v) { manifestFile = v; return this; }
        public Builder handOffFile(Path v) { handOffFile = v; return this; }
        public Builder ticket(String v) { ticket = v; return this; }
        public Builder runToken(String v) { runToken = v; return this; }

        public AgentOptions build() {
            return new AgentOptions(server, target, mac, serial, model, backend, mode, workFolder, sandbox, http, restore,
                    reportTimeout, reportRetryMax, progressEvery, eventQueue, volumeName, reboot, handedOffFrom, image,
                    manifestFile, handOffFile, ticket, runToken);
        }
    }
}
