package dev.orchard.ops.cli;

import dev.orchard.ops.init.SampleSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code orchard init DIR}: writes a complete sample setup that {@code validate} accepts and {@code serve} runs. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a complete, working sample setup into DIR: configuration, policies for every action,",
                "a workflow, a sample NBI, a block image with its manifest, payloads and an admin token."})
public final class InitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to create (must not hold an orchard.yaml yet).")
    Path dir;

    @Option(names = "--unprivileged",
            description = "Use high ports (BSDP 10067, TFTP 10069, HTTP 10080) and advertise 127.0.0.1: a demo without root.")
    boolean unprivileged;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path main;
        try {
            main = SampleSetup.write(dir.toAbsolutePath().normalize(), unprivileged, (done, total) -> {
            });
        } catch (FileAlreadyExistsException e) {
            err.println("orchard init: " + e.getFile() + " already exists; refusing to overwrite an existing setup");
            err.flush();
            return ServiceExit.FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("orchard init: cannot write the sample into " + dir + ": " + e);
            err.flush();
            return ServiceExit.FAILED;
        }
        out.println("orchard init: wrote a sample setup in " + main.getParent() + ":");
        SampleSetup.layout().forEach(f -> out.println("  " + f));
        String flag = unprivileged ? " --unprivileged" : "";
        out.println("next:");
        out.println("  orchard validate --config " + main + flag);
        out.println("  orchard explain  --config " + main + " --mac 02:00:0a:00:00:01 --model iMac18,3");
        out.println("  orchard serve    --config " + main + flag + (unprivileged ? "" : "   (ports 67/69/80 need root;"
                + " add --unprivileged for 10067/10069/10080)"));
        out.flush();
        return ServiceExit.OK;
    }
}
