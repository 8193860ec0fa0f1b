package dev.orchard.agent.backend;

import dev.orchard.agent.api.InstallSpec;
import dev.orchard.agent.api.PayloadRef;
import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.transfer.TransferProgress;
import dev.orchard.agent.transfer.VerificationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh macOS install from the restore environment: the installer disk image and the first-boot
 * package are downloaded and verified, a small hand-off package (server URL and machine identity, for
 * the agent's thin run on first boot) is built with {@code pkgbuild} + {@code productbuild}, and
 * {@code startosinstall} installs onto the erased volume with both packages.
 */
final class MacInstaller {

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)%");

    private final AgentContext ctx;
    private final CommandRunner commands;
    private final String volumePath;
    private final Path work;

    MacInstaller(AgentContext ctx, CommandRunner commands, String volumePath) {
        this.ctx = ctx;
        this.commands = commands;
        this.volumePath = volumePath;
        this.work = ctx.options().workFolder();
    }

    /** The hand-off for the installed system's first boot. */
    static HandOff handOff(AgentContext ctx, String after) {
        return new HandOff(2, ctx.api().server().toString(), ctx.identity().mac(), ctx.identity().serial(),
                ctx.identity().model(), "thin", after, HandOff.INSTALLED_WORK, ctx.plan().token());
    }

    StageOutcome install(Plan plan) throws AgentFailure, InterruptedException {
        InstallSpec spec = plan.install();
        if (spec.firstBootPackage() == null && plan.hasWorkflow()) {
            throw new AgentFailure(ExitStatus.PLAN_INVALID, "the plan has a workflow but install.firstBootPackage is missing:"
                    + " nothing would run it on first boot");
        }
        Path folder = work.resolve("installer");
        String name = spec.url().substring(spec.url().lastIndexOf('/') + 1);
        Path dmg = download(spec.payload(), folder.resolve(name.isEmpty() ? "installer.dmg" : name), "installer " + spec.installer());
        List<Path> packages = new ArrayList<>();
        if (spec.firstBootPackage() != null) {
            packages.add(download(spec.firstBootPackage(), folder.resolve("first-boot.pkg"), "first-boot package"));
            packages.add(buildHandOffPackage());
        }
        Path mount = work.resolve("installer-volume");
        try {
            Files.createDirectories(mount);
        } catch (IOException e) {
            throw new StageFailure(Stage.INSTALL, ExitStatus.TARGET, "cannot create " + mount + ": " + e.getMessage(), e);
        }
        commands.check(Stage.INSTALL, MacCommands.attach(dmg, mount));
        boolean prepared = false;
        try {
            Path tool = startosinstall(mount).orElseThrow(() -> new StageFailure(Stage.INSTALL, ExitStatus.PLAN_INVALID,
                    spec.installer() + ": no Install macOS app with Contents/Resources/startosinstall in the disk image", null));
            ctx.events().notice(Stage.INSTALL, null, null, "startosinstall is preparing " + spec.installer() + " on " + volumePath
                    + "; the Mac restarts into the installer when it is done");
            commands.check(Stage.INSTALL, MacCommands.startosinstall(tool, volumePath, packages), this::progress);
            prepared = true;
        } finally {
            if (!prepared) {
                commands.run(Stage.INSTALL, MacCommands.detach(mount), line -> { });
            }
        }
        return StageOutcome.done("startosinstall prepared " + spec.installer() + " on " + volumePath
                + (packages.isEmpty() ? "" : " with the first-boot and hand-off packages"));
    }

    private Path download(PayloadRef ref, Path dest, String what) throws AgentFailure {
        TransferProgress progress = (done, total) -> ctx.events().progress(Stage.INSTALL, done, total, "downloading " + what);
        try {
            ctx.downloader().toFile(ctx.api().resolve(ref.url()), ref, dest, progress);
            return dest;
        } catch (VerificationException e) {
            throw new StageFailure(Stage.INSTALL, ExitStatus.VERIFY, what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StageFailure(Stage.INSTALL, ExitStatus.TRANSFER, what + ": " + e.getMessage(), e);
        }
    }

    /** {@code handoff.json} at {@code /Library/Orchard} in a product archive startosinstall can take. */
    private Path buildHandOffPackage() throws AgentFailure {
        Path root = work.resolve("handoff-root");
        Path component = work.resolve("orchard-handoff-component.pkg");
        Path product = work.resolve("orchard-handoff.pkg");
        try {
            handOff(ctx, "install").write(root.resolve(HandOff.INSTALLED_PATH.substring(1)));
        } catch (IOException e) {
            throw new StageFailure(Stage.INSTALL, ExitStatus.TARGET, "cannot write the hand-off: " + e.getMessage(), e);
        }
        commands.check(Stage.INSTALL, MacCommands.pkgbuild(root, component));
        commands.check(Stage.INSTALL, MacCommands.productbuild(component, product));
        return product;
    }

    /** {@code <mount>/Install macOS ….app/Contents/Resources/startosinstall}. */
    static Optional<Path> startosinstall(Path mount) {
        try (Stream<Path> apps = Files.list(mount)) {
            return apps.filter(p -> p.getFileName().toString().endsWith(".app")).sorted()
                    .map(app -> app.resolve("Contents/Resources/startosinstall"))
                    .filter(Files::isRegularFile).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void progress(String line) {
        Matcher m = PERCENT.matcher(line);
        if (m.find()) {
            long percent = Math.round(Double.parseDouble(m.group(1)));
            ctx.events().progress(Stage.INSTALL, percent, 100, "startosinstall " + percent + "%");
        }
    }
}
