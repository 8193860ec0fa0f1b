package dev.orchard.agent;

import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.backend.AgentContext;
import dev.orchard.agent.backend.Backend;
import dev.orchard.agent.backend.StageOutcome;
import dev.orchard.agent.report.StageEvents;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.workflow.WorkflowRunner;

import java.util.function.Consumer;

/**
 * The plan's stages in the contract's order — erase, restore (+verify) or install, workflow (or its
 * hand-off to first boot), bless, reboot — each reported; in {@code thin} mode only the workflow.
 */
final class PlanStages {

    /** One stage of a backend. */
    @FunctionalInterface
    private interface StageCall {
        StageOutcome run(Plan plan) throws AgentFailure, InterruptedException;
    }

    private final AgentContext ctx;
    private final Backend backend;
    private final Consumer<Stage> enter;
    private final Plan plan;
    private final StageEvents events;

    PlanStages(AgentContext ctx, Backend backend, Consumer<Stage> enter) {
        this.ctx = ctx;
        this.backend = backend;
        this.enter = enter;
        this.plan = ctx.plan();
        this.events = ctx.events();
    }

    /** Runs the stages; returns the message of the {@code done} event. */
    String perform() throws AgentFailure, InterruptedException {
        Plan.Action action = plan.actionKind();
        if (action == Plan.Action.NONE) {
            return "nothing to do (action none)";
        }
        if (ctx.options().mode() == AgentOptions.Mode.THIN) {
            reportHandOffArrived();
            workflow();
        } else {
            switch (action) {
                case RESTORE -> {
                    stage(Stage.ERASE, backend::erase);
                    enter.accept(Stage.RESTORE);
                    backend.restore(plan);
                    workflowOrHandOff();
                    stage(Stage.BLESS, backend::bless);
                }
                case INSTALL -> {
                    stage(Stage.ERASE, backend::erase);
                    stage(Stage.INSTALL, backend::install);
                    workflowOrHandOff();
                    stage(Stage.BLESS, backend::bless);
                }
                case THIN -> workflow();
                case NONE -> throw new IllegalStateException("handled above");
            }
        }
        enter.accept(Stage.REBOOT);
        if (rebootPlanned(ctx.options(), backend, plan)) {
            events.started(Stage.REBOOT, "restarting once the final reports are delivered");
        } else {
            events.skipped(Stage.REBOOT, rebootSkipReason());
        }
        return action.name().toLowerCase(java.util.Locale.ROOT) + " finished";
    }

    static boolean rebootPlanned(AgentOptions options, Backend backend, Plan plan) {
        return plan.rebootWanted() && options.reboot() && backend.skipReason(Stage.REBOOT, plan) == null;
    }

    private String rebootSkipReason() {
        if (!plan.rebootWanted()) {
            return "the plan asks for no restart";
        }
        if (!ctx.options().reboot()) {
            return "--no-reboot: the startup script restarts the machine";
        }
        return backend.skipReason(Stage.REBOOT, plan);
    }

    private void stage(Stage stage, StageCall call) throws AgentFailure, InterruptedException {
        enter.accept(stage);
        String skip = backend.skipReason(stage, plan);
        if (skip != null) {
            events.skipped(stage, skip);
            return;
        }
        events.started(stage, null);
        StageOutcome outcome = call.run(plan);
        if (outcome.skipped()) {
            events.skipped(stage, outcome.message());
        } else {
            events.succeeded(stage, outcome.message());
        }
    }

    /** On first boot after a hand-off, the stage that handed off is finished: say so first. */
    private void reportHandOffArrived() {
        String from = ctx.options().handedOffFrom();
        if ("install".equals(from)) {
            events.succeeded(Stage.INSTALL, "first boot of the installed system");
        } else if ("restore".equals(from)) {
            events.succeeded(Stage.BLESS, "first boot of the restored system");
        }
    }

    private void workflowOrHandOff() throws AgentFailure, InterruptedException {
        if (!plan.hasWorkflow()) {
            return;
        }
        if (backend.workflowRunsHere()) {
            workflow();
            return;
        }
        enter.accept(Stage.WORKFLOW);
        StageOutcome handOff = backend.handOff(plan);
        events.started(Stage.WORKFLOW, "handed off to first boot: " + handOff.message());
    }

    private void workflow() throws AgentFailure, InterruptedException {
        enter.accept(Stage.WORKFLOW);
        if (!plan.hasWorkflow()) {
            events.skipped(Stage.WORKFLOW, "the plan has no workflow");
            return;
        }
        events.started(Stage.WORKFLOW, plan.workflow().name() + ": " + plan.workflow().steps().size() + " steps");
        WorkflowRunner runner = new WorkflowRunner(backend.steps(), events, ctx.downloader(), ctx.api()::resolve,
                ctx.executor(), ctx.scriptEnvironment());
        WorkflowRunner.Result result = runner.run(plan.workflow());
        if (!result.ok()) {
            throw new AgentFailure(ExitStatus.WORKFLOW, "step " + result.failedStep() + " failed: " + firstLine(result.failure()));
        }
        events.succeeded(Stage.WORKFLOW, result.succeeded() + " steps done, " + result.skipped() + " skipped");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }
}
