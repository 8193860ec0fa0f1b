package dev.orchard.agent.backend;

import dev.orchard.agent.api.InstallSpec;
import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.RestoreSpec;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.payload.PayloadDownloader;
import dev.orchard.agent.restore.RestoreOutcome;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.transfer.TransferProgress;
import dev.orchard.agent.transfer.VerificationException;
import dev.orchard.agent.workflow.StepHost;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The generic backend (Linux, tests, the simulated lab): a restore writes the image raw onto the target
 * file or device; an install writes the installer payload onto the target (verified) and leaves the
 * hand-off in the sandbox; the workflow then runs right away, its results landing in the sandbox.
 * There is nothing to bless and the agent does not restart the machine.
 */
public final class GenericBackend implements Backend {

    private final AgentContext ctx;
    private final GenericStepHost steps;
    private RestoreOutcome lastRestore;

    public GenericBackend(AgentContext ctx) {
        this.ctx = ctx;
        this.steps = new GenericStepHost(ctx.options().sandbox(), ctx.options().workFolder());
    }

    @Override
    public String skipReason(Stage stage, Plan plan) {
        return switch (stage) {
            case ERASE -> "the generic backend writes the target raw; nothing to erase or partition";
            case BLESS -> "nothing to bless on the generic backend";
            case REBOOT -> "the generic backend does not restart the machine";
            default -> null;
        };
    }

    @Override
    public StageOutcome erase(Plan plan) {
        return StageOutcome.skipped(skipReason(Stage.ERASE, plan));
    }

    @Override
    public StageOutcome restore(Plan plan) throws AgentFailure, InterruptedException {
        RestoreSpec spec = plan.restore();
        if (spec.methodKind() == RestoreSpec.Method.ASR) {
            if (spec.manifest() == null) {
                throw new AgentFailure(ExitStatus.PLAN_INVALID, "method asr needs macOS; the generic backend streams block images and the plan gives no manifest");
            }
            ctx.events().notice(Stage.RESTORE, null, null, "asr is macOS-only; the generic backend streams the image as a block restore");
        }
        lastRestore = new BlockRestoreStage(ctx).run(spec, targetPath());
        return StageOutcome.done(describe(lastRestore));
    }

    static String describe(RestoreOutcome o) {
        return String.format(java.util.Locale.ROOT, "%d bytes in %.1f s (%d fetched, %d reused, %d requests, %d retries, %s)",
                o.size(), o.elapsed().toMillis() / 1000.0, o.bytesFetched(), o.bytesReused(), o.requests(), o.retries(),
                o.directIo() ? "O_DIRECT" : "buffered");
    }

    /** The last restore's figures (for the summary line), or null. */
    public RestoreOutcome lastRestore() {
        return lastRestore;
    }

    @Override
    public StageOutcome install(Plan plan) throws AgentFailure, InterruptedException {
        InstallSpec spec = plan.install();
        Path target = targetPath();
        PayloadDownloader downloader = ctx.downloader();
        TransferProgress progress = (done, total) -> ctx.events().progress(Stage.INSTALL, done, total, "writing the installer");
        long written;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            PayloadDownloader.Outcome outcome = downloader.into(ctx.api().resolve(spec.url()), spec.payload(), out, progress);
            written = outcome.size();
            if (Files.isRegularFile(target) && out.size() > written) {
                out.truncate(written);
            }
            out.force(true);
        } catch (VerificationException e) {
            throw new AgentFailure(ExitStatus.VERIFY, "installer " + spec.installer() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentFailure(ExitStatus.TRANSFER, "installer " + spec.installer() + " onto " + target + ": " + e.getMessage(), e);
        }
        String handOff = writeHandOff(plan);
        return StageOutcome.done("installer " + spec.installer() + " (" + written + " bytes, sha256 verified) written to "
                + target + "; " + handOff);
    }

    private String writeHandOff(Plan plan) throws AgentFailure {
        Path sandbox = ctx.options().sandbox();
        try {
            if (plan.install().firstBootPackage() != null) {
                Path pkg = sandbox.resolve("firstboot").resolve("first-boot.pkg");
                ctx.downloader().toFile(ctx.api().resolve(plan.install().firstBootPackage().url()), plan.install().firstBootPackage(),
                        pkg, TransferProgress.NONE);
            }
            new HandOff(2, ctx.api().server().toString(), ctx.identity().mac(), ctx.identity().serial(), ctx.identity().model(),
                    "thin", "install", sandbox.resolve("work").toString(), ctx.plan().token())
                    .write(sandbox.resolve("handoff.json"));
            return "hand-off written to " + sandbox.resolve("handoff.json");
        } catch (VerificationException e) {
            throw new AgentFailure(ExitStatus.VERIFY, "first-boot package: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentFailure(ExitStatus.TRANSFER, "first-boot hand-off: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean workflowRunsHere() {
        return true;
    }

    @Override
    public StageOutcome handOff(Plan plan) {
        return StageOutcome.skipped("the generic backend runs the workflow right away");
    }

    @Override
    public StepHost steps() {
        return steps;
    }

    @Override
    public StageOutcome bless(Plan plan) {
        return StageOutcome.skipped(skipReason(Stage.BLESS, plan));
    }

    @Override
    public StageOutcome reboot() {
        return StageOutcome.skipped(skipReason(Stage.REBOOT, null));
    }

    private Path targetPath() throws AgentFailure {
        if (ctx.options().target() == null) {
            throw new AgentFailure(ExitStatus.USAGE, "--target is required for action " + ctx.plan().action());
        }
        return Path.of(ctx.options().target());
    }
}
