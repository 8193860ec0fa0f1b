package dev.orchard.agent.backend;

import dev.orchard.agent.api.Stage;
import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.exec.Command;
import dev.orchard.agent.exec.CommandResult;
import dev.orchard.agent.workflow.StepHost;
import dev.orchard.agent.workflow.StepResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workflow steps on a running Mac (thin mode, first boot): {@code installer -pkg … -target /},
 * {@code profiles install -path …} (macOS 10.x; later versions only take profiles through MDM or user
 * approval, so the step is skipped with the profile kept), {@code scutil --set} for the three names,
 * and {@code systemsetup}/{@code languagesetup}/{@code defaults} for localization.
 */
final class MacStepHost implements StepHost {

    private final Path work;
    private final CommandRunner commands;

    MacStepHost(Path work, CommandRunner commands) {
        this.work = work;
        this.commands = commands;
    }

    @Override
    public Path payloadFolder() {
        return work.resolve("payloads");
    }

    @Override
    public Path stateFolder() {
        return work;
    }

    @Override
    public Path scriptFolder() {
        return work.resolve("scripts");
    }

    @Override
    public Map<String, String> scriptEnvironment() {
        return Map.of();
    }

    @Override
    public StepResult installPackage(WorkflowStep step, Path verifiedPackage) throws java.io.IOException {
        return all(List.of(MacCommands.installPackage(verifiedPackage)), "installed " + verifiedPackage.getFileName());
    }

    @Override
    public StepResult installProfile(WorkflowStep step, Path verifiedProfile) throws java.io.IOException {
        CommandResult version = run(MacCommands.productVersion());
        int major = majorVersion(version.output());
        if (major >= 11) {
            return StepResult.skipped("macOS " + version.output().strip() + " installs configuration profiles only through MDM or"
                    + " with the user's approval; the verified profile is kept at " + verifiedProfile);
        }
        return all(List.of(MacCommands.installProfile(verifiedProfile)), "installed profile " + verifiedProfile.getFileName());
    }

    @Override
    public StepResult setComputerName(WorkflowStep step) throws java.io.IOException {
        String host = localHostName(step.value());
        return all(List.of(MacCommands.scutilSet("ComputerName", step.value()), MacCommands.scutilSet("LocalHostName", host),
                MacCommands.scutilSet("HostName", host)), "computer name " + step.value() + ", host name " + host);
    }

    @Override
    public StepResult localize(WorkflowStep step) throws java.io.IOException {
        List<Command> list = new ArrayList<>();
        if (step.timezone() != null) {
            list.add(MacCommands.setTimeZone(step.timezone()));
        }
        if (step.language() != null) {
            list.add(MacCommands.setLanguage(step.language()));
        }
        if (step.locale() != null) {
            list.add(MacCommands.setLocale(step.locale()));
        }
        if (step.keyboard() != null) {
            list.add(MacCommands.setKeyboard(keyboardInputSource(step.keyboard())));
        }
        return all(list, "localized (" + list.size() + " settings)");
    }

    /** Runs the commands in order; the first that fails fails the step with its output. */
    private StepResult all(List<Command> list, String success) throws java.io.IOException {
        for (Command c : list) {
            CommandResult r = run(c);
            if (!r.succeeded()) {
                return StepResult.failed(CommandRunner.failure(c, r));
            }
        }
        return StepResult.succeeded(success);
    }

    private CommandResult run(Command c) throws java.io.IOException {
        try {
            return commands.run(Stage.WORKFLOW, c, line -> { });
        } catch (StageFailure e) {
            throw new java.io.IOException(e.getMessage(), e);
        }
    }

    /** LocalHostName allows letters, digits and hyphens only (Bonjour), at most 63. */
    static String localHostName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (s.isEmpty()) {
            s = "mac";
        }
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    /** {@code U.S.} → {@code com.apple.keylayout.US}; a full input source id is kept as it is. */
    static String keyboardInputSource(String keyboard) {
        if (keyboard.startsWith("com.apple.")) {
            return keyboard;
        }
        return "com.apple.keylayout." + keyboard.replaceAll("[^A-Za-z0-9-]", "");
    }

    static int majorVersion(String productVersion) {
        String v = productVersion == null ? "" : productVersion.strip();
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
