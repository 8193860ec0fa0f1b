package dev.orchard.agent;

import dev.orchard.agent.api.ApiException;
import dev.orchard.agent.api.ApiTransport;
import dev.orchard.agent.api.ClaimSecret;
import dev.orchard.agent.api.EventTransport;
import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.PlanCredentials;
import dev.orchard.agent.api.PlanException;
import dev.orchard.agent.api.ServerApi;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.backend.AgentContext;
import dev.orchard.agent.backend.Backend;
import dev.orchard.agent.backend.GenericBackend;
import dev.orchard.agent.backend.MacBackend;
import dev.orchard.agent.backend.RunTotals;
import dev.orchard.agent.backend.StageFailure;
import dev.orchard.agent.identity.IdentityException;
import dev.orchard.agent.identity.MachineIdentity;
import dev.orchard.agent.report.EventReporter;
import dev.orchard.agent.report.StageEvents;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.transfer.Backoff;
import dev.orchard.agent.transfer.RangeSource;
import dev.orchard.agent.transfer.Retries;

import java.io.IOException;
import java.time.Duration;

/**
 * One run of the agent: identity, plan, then the plan's stages on a backend, every stage reported,
 * and a result with the exit status and the summary line. Never exits the JVM.
 */
final class AgentRun {

    private final AgentOptions options;
    private final AgentEnvironment env;
    private final RunTotals totals = new RunTotals();
    private final long startedNanos = System.nanoTime();
    private String action;
    private Stage current;

    AgentRun(AgentOptions options, AgentEnvironment env) {
        this.options = options;
        this.env = env;
    }

    AgentResult execute() {
        ServerApi api = new ServerApi(options.server(), ApiTransport.forServer(options.server(), options.http(), env.httpClient()));
        MachineIdentity identity;
        Plan plan;
        try {
            identity = identity();
            current = Stage.PLAN;
            plan = options.image() != null ? Plan.manualRestore(options.image())
                    : new PlanFetcher(api, options.http(), env.console()).fetch(identity, credentials());
            action = plan.action();
        } catch (AgentFailure f) {
            return result(f.status(), f.getMessage(), "none", 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(ExitStatus.INTERRUPTED, "interrupted while fetching the plan", "none", 0, 0);
        }
        EventTransport transport = options.image() != null ? event -> EventTransport.Delivery.ACCEPTED
                : event -> api.postEvent(plan.events(), plan.token(), event);
        EventReporter reporter = new EventReporter(transport,
                new Backoff(Duration.ofMillis(250), options.reportRetryMax()), options.eventQueue(), env.console(),
                "orchard-events-" + identity.mac(), plan.run() != null ? plan.run() : java.util.UUID.randomUUID().toString());
        StageEvents events = new StageEvents(reporter, options.progressEvery());
        ExitStatus status = ExitStatus.OK;
        String message;
        Backend backend = null;
        try {
            if (options.image() != null) {
                plan.validatedWithoutReports();
            } else {
                plan.validated();
            }
            RangeSource ranges = env.rangeSource() != null ? env.rangeSource()
                    : RangeSource.forUrl(options.server(), options.http(), env.httpClient());
            AgentContext ctx = new AgentContext(options, identity, plan, api, events, env.executor(), ranges, env.console(), totals,
                    env.rawDevice());
            backend = options.backend() == AgentOptions.BackendKind.MACOS ? new MacBackend(ctx) : new GenericBackend(ctx);
            events.succeeded(Stage.PLAN, "action " + plan.action() + (plan.policy() == null ? "" : ", policy " + plan.policy())
                    + ", mode " + options.mode().name().toLowerCase(java.util.Locale.ROOT) + ", backend "
                    + options.backend().name().toLowerCase(java.util.Locale.ROOT));
            message = new PlanStages(ctx, backend, this::enter).perform();
            current = Stage.DONE;
        } catch (AgentFailure f) {
            Stage failed = f instanceof StageFailure sf ? sf.stage() : current;
            status = f.status();
            message = f.getMessage();
            events.failed(failed, message);
            current = failed;
        } catch (PlanException e) {
            status = ExitStatus.PLAN_INVALID;
            message = e.getMessage();
            events.failed(Stage.PLAN, message);
            current = Stage.PLAN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = ExitStatus.INTERRUPTED;
            message = "interrupted";
            events.failed(current, message);
        } catch (RuntimeException e) {
            status = ExitStatus.INTERNAL;
            message = e.toString();
            events.failed(current, message);
        }
        if (status == ExitStatus.OK) {
            events.succeeded(Stage.DONE, message);
        } else {
            events.failed(Stage.DONE, message);
        }
        boolean delivered = reporter.drain(options.reportTimeout());
        long pending = reporter.pending() + reporter.lost();
        long deliveredCount = reporter.delivered();
        reporter.close();
        String eventsState = delivered && reporter.lost() == 0 ? "delivered" : "pending:" + pending;
        AgentResult result = result(status, message, eventsState, deliveredCount, pending);
        if (status == ExitStatus.OK) {
            consumeHandOff();
            if (backend != null) {
                rebootIfPlanned(backend, plan);
            }
        }
        return result;
    }

    /** A hand-off that led to a successful run is used up: the next boot must not run the workflow again. */
    private void consumeHandOff() {
        if (options.handOffFile() == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(options.handOffFile());
            env.console().accept("hand-off " + options.handOffFile() + " done and removed");
        } catch (IOException e) {
            env.console().accept("could not remove the hand-off " + options.handOffFile() + ": " + e.getMessage());
        }
    }

    private void enter(Stage stage) {
        current = stage;
    }

    /** The reboot runs last, after the final events left; its failure can only go to the console. */
    private void rebootIfPlanned(Backend backend, Plan plan) {
        if (!PlanStages.rebootPlanned(options, backend, plan)) {
            return;
        }
        try {
            backend.reboot();
        } catch (AgentFailure | RuntimeException e) {
            env.console().accept("reboot failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The claim kept in the work folder, the admin's code and the hand-off's run token. */
    private PlanCredentials credentials() throws AgentFailure {
        try {
            return new PlanCredentials(ClaimSecret.loadOrCreate(options.workFolder()), options.ticket(),
                    options.runToken());
        } catch (IOException e) {
            throw new AgentFailure(ExitStatus.TARGET, "cannot keep the agent's claim in the work folder "
                    + options.workFolder() + ": " + e.getMessage(), e);
        }
    }

    private MachineIdentity identity() throws AgentFailure {
        try {
            MachineIdentity fromSystem = null;
            if (env.identity() != null && (options.mac() == null || options.serial() == null || options.model() == null)) {
                fromSystem = env.identity().probe();
            }
            String mac = options.mac() != null ? options.mac() : fromSystem == null ? null : fromSystem.mac();
            if (mac == null && options.image() != null) {
                mac = "00:00:00:00:00:00";
            }
            if (mac == null) {
                throw new AgentFailure(ExitStatus.USAGE, "the machine's MAC address is unknown: give --mac (the generic backend does not read it from the system)");
            }
            MachineIdentity flags = new MachineIdentity(mac, options.serial(), options.model());
            return fromSystem == null ? flags : flags.orElse(fromSystem);
        } catch (IdentityException | IllegalArgumentException e) {
            throw new AgentFailure(ExitStatus.USAGE, e.getMessage(), e);
        }
    }

    private AgentResult result(ExitStatus status, String message, String eventsState, long delivered, long pending) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        Stage stage = status == ExitStatus.OK ? Stage.DONE : current;
        String summary = SummaryLine.format(status, action, stage, elapsed, totals.fetched(), totals.reused(), eventsState,
                status == ExitStatus.OK ? null : message);
        return new AgentResult(status, action, stage, message, totals.fetched(), totals.reused(), elapsed, delivered, pending, summary);
    }

    /** Fetches the plan, retrying while the server is unreachable or failing (5xx). */
    private static final class PlanFetcher {
        private final ServerApi api;
        private final dev.orchard.agent.transfer.HttpSettings http;
        private final java.util.function.Consumer<String> console;

        PlanFetcher(ServerApi api, dev.orchard.agent.transfer.HttpSettings http, java.util.function.Consumer<String> console) {
            this.api = api;
            this.http = http;
            this.console = console;
        }

        Plan fetch(MachineIdentity id, PlanCredentials credentials) throws AgentFailure, InterruptedException {
            int failures = 0;
            while (true) {
                try {
                    return api.fetchPlan(id, credentials);
                } catch (ApiException e) {
                    if (e.status() == 404) {
                        throw new AgentFailure(ExitStatus.NO_PLAN, e.getMessage(), e);
                    }
                    if (e.status() == 403 || e.status() == 409) {
                        throw new AgentFailure(ExitStatus.NOT_ADMITTED, e.getMessage(), e);
                    }
                    if (e.status() < 500) {
                        throw new AgentFailure(e.status() == 200 ? ExitStatus.PLAN_INVALID : ExitStatus.SERVER_UNREACHABLE, e.getMessage(), e);
                    }
                    failures = retry(failures, e);
                } catch (IOException e) {
                    failures = retry(failures, e);
                }
            }
        }

        private int retry(int failures, IOException e) throws AgentFailure, InterruptedException {
            int attempt = failures + 1;
            if (attempt > http.retries()) {
                throw new AgentFailure(ExitStatus.SERVER_UNREACHABLE, "no plan from " + api.server() + " after "
                        + http.retries() + " retries: " + Retries.describe(e), e);
            }
            Duration delay = http.backoff().delay(attempt);
            console.accept("plan: " + Retries.describe(e) + "; retry " + attempt + "/" + http.retries() + " in " + delay.toMillis() + " ms");
            Thread.sleep(delay.toMillis());
            return attempt;
        }
    }
}
