package dev.orchard.agent.backend;

import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.RestoreSpec;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.exec.CommandResult;
import dev.orchard.agent.restore.RestoreOutcome;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.workflow.StepHost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The macOS backend, run in the netbooted restore environment (and, in thin mode, on the installed
 * system's first boot). Block restores write the raw disk ({@code /dev/rdiskN}) with the same verified,
 * resumable pipeline as the generic backend; {@code asr} restores, erasing, mounting and blessing go
 * through Apple's tools ({@link MacCommands}). The workflow is always handed to first boot.
 */
public final class MacBackend implements Backend {

    private final AgentContext ctx;
    private final CommandRunner commands;
    private final MacStepHost steps;
    private String mountPoint;
    private boolean installed;

    public MacBackend(AgentContext ctx) {
        this.ctx = ctx;
        this.commands = new CommandRunner(ctx.executor(), ctx.console());
        this.steps = new MacStepHost(ctx.options().workFolder(), commands);
    }

    /** {@code disk0} from {@code disk0}, {@code /dev/disk0} or {@code /dev/rdisk0}. */
    static String diskIdentifier(String target) {
        String id = target.startsWith("/dev/") ? target.substring(5) : target;
        return id.startsWith("rdisk") ? id.substring(1) : id;
    }

    private String disk() throws AgentFailure {
        if (ctx.options().target() == null) {
            throw new AgentFailure(ExitStatus.USAGE, "--target is required (the whole disk, e.g. disk0)");
        }
        return diskIdentifier(ctx.options().target());
    }

    private String volumePath() {
        return "/Volumes/" + ctx.options().volumeName();
    }

    @Override
    public String skipReason(Stage stage, Plan plan) {
        if (installed && stage == Stage.BLESS) {
            return "startosinstall sets the startup disk";
        }
        if (installed && stage == Stage.REBOOT) {
            return "startosinstall restarts the Mac into the installer";
        }
        return null;
    }

    @Override
    public StageOutcome erase(Plan plan) throws AgentFailure {
        String disk = disk();
        if (plan.actionKind() == Plan.Action.RESTORE && plan.restore().methodKind() == RestoreSpec.Method.BLOCK) {
            checkCapacity(disk, plan.restore().size());
            commands.check(Stage.ERASE, MacCommands.unmountDisk(disk));
            return StageOutcome.done("unmounted " + disk + " for a raw write");
        }
        commands.check(Stage.ERASE, MacCommands.eraseDisk(ctx.options().volumeName(), disk));
        return StageOutcome.done("erased " + disk + ": one APFS volume '" + ctx.options().volumeName() + "' on GPT");
    }

    /** A raw disk does not tell Java its size: ask diskutil, so a too-small disk fails before any write. */
    private void checkCapacity(String disk, Long imageSize) throws StageFailure {
        String size = infoOf(disk, Stage.ERASE).getOrDefault("Size", "");
        try {
            long capacity = Long.parseLong(size.strip());
            if (imageSize != null && capacity < imageSize) {
                throw new StageFailure(Stage.ERASE, ExitStatus.TARGET, disk + " holds " + capacity + " bytes, the image needs " + imageSize, null);
            }
        } catch (NumberFormatException e) {
            throw new StageFailure(Stage.ERASE, ExitStatus.SYSTEM_COMMAND, "diskutil info " + disk + " gives no Size", e);
        }
    }

    @Override
    public StageOutcome restore(Plan plan) throws AgentFailure, InterruptedException {
        RestoreSpec spec = plan.restore();
        String disk = disk();
        if (spec.methodKind() == RestoreSpec.Method.BLOCK) {
            RestoreOutcome outcome = new BlockRestoreStage(ctx).run(spec, ctx.rawDevice().apply(disk));
            commands.check(Stage.BLESS, MacCommands.mountDisk(disk));
            mountPoint = mountPointOf(volumePath(), Stage.BLESS);
            return StageOutcome.done(GenericBackend.describe(outcome));
        }
        String device = "/dev/" + infoOf(volumePath(), Stage.RESTORE).getOrDefault("DeviceIdentifier", "");
        if (device.equals("/dev/")) {
            throw new StageFailure(Stage.RESTORE, ExitStatus.SYSTEM_COMMAND, "diskutil does not know the volume " + volumePath(), null);
        }
        ctx.events().started(Stage.RESTORE, "asr restore onto " + device);
        commands.check(Stage.RESTORE, MacCommands.asrRestore(ctx.api().resolve(spec.url()), device), this::asrProgress);
        ctx.events().succeeded(Stage.RESTORE, "asr restored " + spec.image() + " onto " + device);
        ctx.events().started(Stage.VERIFY, "asr verifies the restored volume");
        ctx.events().succeeded(Stage.VERIFY, "asr verified the restored volume");
        mountPoint = mountPointOf(device, Stage.BLESS);
        return StageOutcome.done("asr restore finished");
    }

    /** {@code --puppetstrings} progress lines: {@code PSProgress <percent>}. */
    private void asrProgress(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 2 && parts[0].equals("PSProgress")) {
            try {
                long percent = Long.parseLong(parts[1]);
                ctx.events().progress(Stage.RESTORE, percent, 100, "asr " + percent + "%");
            } catch (NumberFormatException ignored) {
                // not a progress figure
            }
        }
    }

    private Map<String, String> infoOf(String what, Stage stage) throws StageFailure {
        CommandResult info = commands.check(stage, MacCommands.info(what));
        try {
            return PlistDict.parse(info.output());
        } catch (IllegalArgumentException e) {
            throw new StageFailure(stage, ExitStatus.SYSTEM_COMMAND, "diskutil info " + what + ": " + e.getMessage(), e);
        }
    }

    /** The mount point of a device or volume, mounting it when it is not. */
    private String mountPointOf(String what, Stage stage) throws StageFailure {
        String mp = infoOf(what, stage).getOrDefault("MountPoint", "");
        if (mp.isEmpty()) {
            commands.check(stage, MacCommands.mount(what));
            mp = infoOf(what, stage).getOrDefault("MountPoint", "");
        }
        if (mp.isEmpty()) {
            throw new StageFailure(stage, ExitStatus.SYSTEM_COMMAND, what + " does not mount", null);
        }
        return mp;
    }

    @Override
    public StageOutcome install(Plan plan) throws AgentFailure, InterruptedException {
        StageOutcome outcome = new MacInstaller(ctx, commands, volumePath()).install(plan);
        installed = true;
        return outcome;
    }

    @Override
    public boolean workflowRunsHere() {
        return false;
    }

    @Override
    public StageOutcome handOff(Plan plan) throws AgentFailure {
        if (installed) {
            return StageOutcome.done("the hand-off package was given to startosinstall");
        }
        Path file = Path.of(mountPoint, HandOff.INSTALLED_PATH.substring(1));
        try {
            MacInstaller.handOff(ctx, "restore").write(file);
        } catch (IOException e) {
            throw new StageFailure(Stage.WORKFLOW, ExitStatus.TARGET, "cannot write the hand-off to " + file + ": " + e.getMessage(), e);
        }
        return StageOutcome.done("wrote " + file + " (the image's first-boot launch daemon runs the agent in thin mode)");
    }

    @Override
    public StepHost steps() {
        return steps;
    }

    @Override
    public StageOutcome bless(Plan plan) throws AgentFailure {
        commands.check(Stage.BLESS, MacCommands.bless(mountPoint));
        return StageOutcome.done("startup disk: " + mountPoint);
    }

    @Override
    public StageOutcome reboot() throws AgentFailure {
        commands.check(Stage.REBOOT, MacCommands.restart());
        return StageOutcome.done("restarting");
    }
}
