package dev.orchard.agent.backend;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.RestoreSpec;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.report.StageEvents;
import dev.orchard.agent.restore.BlockRestore;
import dev.orchard.agent.restore.RestoreException;
import dev.orchard.agent.restore.RestoreJob;
import dev.orchard.agent.restore.RestoreListener;
import dev.orchard.agent.restore.RestoreOutcome;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.transfer.Retries;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs a {@link BlockRestore} for a plan and turns what it does into {@code restore} and {@code verify}
 * events; shared by both backends (macOS writes the raw disk, generic a file or device).
 */
final class BlockRestoreStage {

    private final AgentContext ctx;

    BlockRestoreStage(AgentContext ctx) {
        this.ctx = ctx;
    }

    /** Restores onto {@code device}; returns the outcome after the {@code verify} stage succeeded. */
    RestoreOutcome run(RestoreSpec spec, Path device) throws AgentFailure, InterruptedException {
        Manifest manifest = fetchManifest(spec);
        StageEvents events = ctx.events();
        Listener listener = new Listener(events);
        MulticastRun multicast = spec.multicast() == null ? null : new MulticastRun(ctx, spec, manifest, device);
        java.util.BitSet prewritten = multicast == null ? new java.util.BitSet() : multicast.receive();
        RestoreJob job = new RestoreJob(manifest, ctx.api().resolve(spec.url()), spec.sha256(), device,
                ctx.options().workFolder().resolve("journal"), ctx.rangeSource(), ctx.options().http(),
                ctx.options().restore(), listener, prewritten);
        try {
            RestoreOutcome outcome = new BlockRestore(job).run();
            if (multicast != null) {
                multicast.report(outcome);
            }
            ctx.totals().add(outcome.bytesFetched(), outcome.bytesReused());
            events.succeeded(Stage.VERIFY, "sha256 of all " + manifest.chunkCount() + " chunks and of the whole image match ("
                    + outcome.sha256() + ")");
            return outcome;
        } catch (RestoreException e) {
            Stage stage = listener.verifying ? Stage.VERIFY : Stage.RESTORE;
            ExitStatus status = switch (e.kind()) {
                case TARGET -> ExitStatus.TARGET;
                case TRANSFER -> ExitStatus.TRANSFER;
                case VERIFY -> ExitStatus.VERIFY;
            };
            throw new StageFailure(stage, status, e.getMessage(), e);
        }
    }

    private Manifest fetchManifest(RestoreSpec spec) throws AgentFailure, InterruptedException {
        if (ctx.options().manifestFile() != null) {
            try {
                try (var in = java.nio.file.Files.newInputStream(ctx.options().manifestFile())) {
                    return dev.orchard.agent.api.ManifestJson.read(in);
                }
            } catch (IOException e) {
                throw new StageFailure(Stage.RESTORE, ExitStatus.PLAN_INVALID, "cannot read the manifest "
                        + ctx.options().manifestFile() + ": " + e.getMessage(), e);
            }
        }
        int failures = 0;
        while (true) {
            try {
                return ctx.api().fetchManifest(spec.manifest());
            } catch (IOException e) {
                boolean retryable = !(e instanceof dev.orchard.agent.api.ApiException api) || api.status() >= 500;
                failures++;
                if (!retryable || failures > ctx.options().http().retries()) {
                    throw new StageFailure(Stage.RESTORE, ExitStatus.TRANSFER,
                            "cannot get the manifest " + spec.manifest() + ": " + Retries.describe(e), e);
                }
                Duration delay = ctx.options().http().backoff().delay(failures);
                ctx.events().notice(Stage.RESTORE, null, null, "manifest: " + Retries.describe(e) + "; retry " + failures
                        + " in " + delay.toMillis() + " ms");
                Thread.sleep(delay.toMillis());
            }
        }
    }

    /** Restore events from the restore's callbacks. */
    private static final class Listener implements RestoreListener {
        private final StageEvents events;
        private volatile boolean verifying;

        Listener(StageEvents events) {
            this.events = events;
        }

        @Override
        public void started(long totalBytes, int chunks, int candidateChunks, String how) {
            events.started(Stage.RESTORE, totalBytes + " bytes in " + chunks + " chunks"
                    + (candidateChunks > 0 ? ", " + candidateChunks + " to re-verify on the target first" : "") + "; " + how);
        }

        @Override
        public void chunkVerified(int index, long bytesVerified, long totalBytes) {
            events.progress(Stage.RESTORE, bytesVerified, totalBytes, "chunk " + index + " verified");
        }

        @Override
        public void retrying(int nextChunk, int attempt, int maxAttempts, IOException cause, Duration delay) {
            events.notice(Stage.RESTORE, null, null, String.format(Locale.ROOT,
                    "connection problem (%s); resuming at chunk %d, retry %d/%d in %d ms",
                    Retries.describe(cause), nextChunk, attempt, maxAttempts, delay.toMillis()));
        }

        @Override
        public void refetching(int chunk, String why) {
            events.notice(Stage.RESTORE, null, null, why + "; fetching it once more");
        }

        @Override
        public void verifying() {
            verifying = true;
            events.succeeded(Stage.RESTORE, "all chunks written and verified");
            events.started(Stage.VERIFY, "checking the whole image's sha256");
        }
    }
}
