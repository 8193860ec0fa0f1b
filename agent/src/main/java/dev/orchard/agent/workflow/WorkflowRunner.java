package dev.orchard.agent.workflow;

import dev.orchard.agent.api.EventResult;
import dev.orchard.agent.api.PayloadRef;
import dev.orchard.agent.api.Workflow;
import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.payload.PayloadDownloader;
import dev.orchard.agent.report.StageEvents;
import dev.orchard.agent.transfer.TransferProgress;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a workflow's steps in order on a {@link StepHost}: each step is reported started and then
 * succeeded, failed or skipped; packages and profiles are downloaded and verified by sha256 first;
 * the first failed step stops the workflow; a step that succeeded before with the same inputs is
 * skipped ({@link StepLedger}).
 */
public final class WorkflowRunner {

    /** What a workflow run did; {@code failedStep} is null when every step succeeded or was skipped. */
    public record Result(int succeeded, int skipped, String failedStep, String failure) {
        public boolean ok() {
            return failedStep == null;
        }
    }

    private final StepHost host;
    private final StageEvents events;
    private final PayloadDownloader downloader;
    private final Function<String, URI> resolve;
    private final ScriptStep scripts;
    private final Map<String, String> identityEnv;

    public WorkflowRunner(StepHost host, StageEvents events, PayloadDownloader downloader, Function<String, URI> resolve,
                          CommandExecutor executor, Map<String, String> identityEnv) {
        this.host = host;
        this.events = events;
        this.downloader = downloader;
        this.resolve = resolve;
        this.scripts = new ScriptStep(executor);
        this.identityEnv = Map.copyOf(identityEnv);
    }

    public Result run(Workflow workflow) throws InterruptedException {
        StepLedger ledger = StepLedger.load(host.stateFolder());
        int succeeded = 0;
        int skipped = 0;
        int index = 0;
        for (WorkflowStep step : workflow.steps()) {
            index++;
            String label = step.label();
            StepLedger.Entry before = ledger.doneBefore(step);
            if (before != null) {
                events.step(label, EventResult.SKIPPED, "already done with the same inputs at " + before.at());
                skipped++;
                continue;
            }
            events.step(label, EventResult.STARTED, null);
            StepResult result;
            try {
                result = runStep(step, index);
            } catch (IOException e) {
                result = StepResult.failed(dev.orchard.agent.transfer.Retries.describe(e));
            }
            switch (result.outcome()) {
                case SUCCEEDED -> {
                    events.step(label, EventResult.SUCCEEDED, result.message());
                    succeeded++;
                    try {
                        ledger.recordDone(step);
                    } catch (IOException e) {
                        events.step(label, EventResult.PROGRESS, "could not record the step as done (" + e.getMessage()
                                + "); a re-run will run it again");
                    }
                }
                case SKIPPED -> {
                    events.step(label, EventResult.SKIPPED, result.message());
                    skipped++;
                }
                case FAILED -> {
                    events.step(label, EventResult.FAILED, result.message());
                    return new Result(succeeded, skipped, label, result.message());
                }
            }
        }
        return new Result(succeeded, skipped, null, null);
    }

    private StepResult runStep(WorkflowStep step, int index) throws IOException, InterruptedException {
        return switch (step.kind()) {
            case PACKAGE -> host.installPackage(step, download(step, index, ".pkg"));
            case PROFILE -> host.installProfile(step, download(step, index, ".mobileconfig"));
            case SCRIPT -> {
                Map<String, String> env = new LinkedHashMap<>(identityEnv);
                env.putAll(host.scriptEnvironment());
                yield scripts.run(step, index, host.scriptFolder(), env);
            }
            case COMPUTER_NAME -> host.setComputerName(step);
            case LOCALIZE -> host.localize(step);
        };
    }

    private Path download(WorkflowStep step, int index, String defaultExtension) throws IOException {
        PayloadRef ref = step.payload();
        String base = ref.url().substring(ref.url().lastIndexOf('/') + 1);
        String extension = base.contains(".") ? base.substring(base.lastIndexOf('.')) : defaultExtension;
        Path dest = host.payloadFolder().resolve(String.format(Locale.ROOT, "%02d-%s%s", index, safeName(step.name()), safeName(extension)));
        String label = step.label();
        PayloadDownloader.Outcome outcome = downloader.toFile(resolve.apply(ref.url()), ref, dest, new TransferProgress() {
            @Override
            public void bytes(long done, long total) {
                // per-step byte progress is not reported: payloads are small next to images
            }

            @Override
            public void refetching(String why) {
                events.step(label, EventResult.PROGRESS, why);
            }

            @Override
            public void retrying(int attempt, int max, IOException cause, java.time.Duration delay) {
                events.step(label, EventResult.PROGRESS, "download problem (" + dev.orchard.agent.transfer.Retries.describe(cause) + "); retry " + attempt + "/" + max);
            }
        });
        events.step(label, EventResult.PROGRESS, (outcome.reused() ? "already downloaded" : "downloaded " + outcome.bytesFetched() + " bytes")
                + ", sha256 verified");
        return dest;
    }

    /** A file-name-safe form of a step name. */
    static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "step" : s;
    }
}
