package dev.orchard.http.api;

import dev.orchard.http.spi.AgentManifestPort;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.LabPagePort;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MetricsScrape;
import dev.orchard.http.spi.MulticastJoins;
import dev.orchard.http.spi.Readiness;
import dev.orchard.http.spi.RouteClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Routes {@code /api/v1/…}, {@code /metrics}, {@code /healthz} and {@code /readyz} to their endpoints. Every
 * port is called on {@code worker}, never on the calling (event loop) thread; the returned future never
 * fails: every failure becomes a JSON error body.
 */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private final HttpPorts ports;
    private final Executor worker;
    private final AgentEndpoints agent;
    private final AdminEndpoints admin;
    private final MdmWebhookEndpoint mdmWebhook;
    private final MulticastEndpoints multicast;
    private final PageEndpoints page;

    public ApiRouter(HttpPorts ports, Optional<String> adminToken, Executor worker) {
        this(ports, adminToken, worker, MulticastJoins.NONE);
    }

    /** With the multicast streams the join route starts and keeps (docs/multicast.md). */
    public ApiRouter(HttpPorts ports, Optional<String> adminToken, Executor worker, MulticastJoins joins) {
        this.multicast = new MulticastEndpoints(ports.tokens(), joins);
        this.ports = ports;
        this.worker = worker;
        this.agent = new AgentEndpoints(ports.plan(), ports.events(), ports.tokens());
        AdminLoginGuard guard = new AdminLoginGuard(ports.metrics()::adminLoginFailed, System::nanoTime);
        this.admin = new AdminEndpoints(ports.admin(), adminToken, guard);
        this.mdmWebhook = new MdmWebhookEndpoint(ports.mdmWebhook());
        // the lab page's login shares the guard: guessing through the form is as slow as through the API
        this.page = new PageEndpoints(ports.labPage(), adminToken, guard, worker, ports.metrics());
    }

    /** The pool ports are called on (never the event loop). */
    public Executor worker() {
        return worker;
    }

    /** The lab page (docs/lab-page.md): {@code /} and {@code /ui/…}, see {@link PageEndpoints#handles}. */
    public PageEndpoints page() {
        return page;
    }

    /** True for paths this router answers (they take precedence over any file mount). */
    public static boolean handles(List<String> path) {
        if (path.isEmpty()) {
            return false;
        }
        String first = path.get(0);
        return first.equals("api") || path.size() == 1
                && (first.equals("metrics") || first.equals("healthz") || first.equals("readyz"))
                || isAgentManifest(path);
    }

    /**
     * What this router answers on this server: {@link #handles} without the agent manifest when no package is
     * served, so a plain file server ({@code orchard http}) keeps serving such paths from its root.
     */
    public boolean serves(List<String> path) {
        return handles(path) && (!isAgentManifest(path) || ports.agentManifests() != AgentManifestPort.NONE);
    }

    /** The lab page's paths ({@link PageEndpoints#handles}), only on a server that has the page. */
    public boolean servesPage(List<String> path) {
        return ports.labPage() != LabPagePort.NONE && PageEndpoints.handles(path);
    }

    /** {@code /mdm/agent/{mac}/manifest.plist}: the ManifestURL of InstallEnterpriseApplication (docs/mdm.md). */
    static boolean isAgentManifest(List<String> path) {
        return path.size() == 4 && path.get(0).equals("mdm") && path.get(1).equals("agent")
                && path.get(3).equals("manifest.plist");
    }

    /** The route class of an API path, for metrics. */
    public static RouteClass classify(List<String> path) {
        if (!path.isEmpty() && !path.get(0).equals("api")) {
            return RouteClass.OPERATIONS;
        }
        boolean agentRoute = path.equals(List.of("api", "v1", "plan"))
                || path.size() == 5 && path.subList(0, 3).equals(List.of("api", "v1", "machines"))
                && path.get(4).equals("events")
                || path.size() == 4 && path.subList(0, 3).equals(List.of("api", "v1", "multicast"));
        return agentRoute ? RouteClass.AGENT_API : RouteClass.ADMIN_API;
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    route(request).whenComplete((r, e) -> answer.complete(e == null ? r : failure(request, e)));
                } catch (Throwable e) {
                    answer.complete(failure(request, e));
                }
            });
        } catch (RuntimeException rejected) {
            answer.complete(ApiResponse.error(new ApiException(503, "the server is shutting down", null, Map.of())));
        }
        return answer;
    }

    private CompletionStage<ApiResponse> route(ApiRequest r) throws Exception {
        List<String> p = r.path();
        String m = r.method();
        if (isAgentManifest(p)) {
            requireGet(m);
            String mac = MacAddresses.require(p.get(2), "MAC address");
            return done(ports.agentManifests().manifest(mac)
                    .map(b -> new ApiResponse(200, "application/xml", b, Map.of()))
                    .orElseThrow(() -> ApiException.notFound("no agent manifest for " + mac
                            + ": erase.agent_package is not configured")));
        }
        if (p.size() == 1 && !p.get(0).equals("api")) {
            requireGet(m);
            return done(operations(p.get(0)));
        }
        if (p.size() < 3 || !p.get(1).equals("v1")) {
            throw noSuchEndpoint();
        }
        List<String> rest = p.subList(2, p.size());
        if (rest.equals(List.of("plan"))) {
            requireGet(m);
            return done(agent.plan(r));
        }
        if (rest.size() == 3 && rest.get(0).equals("machines") && rest.get(2).equals("events")) {
            require(m, "POST");
            return agent.event(r, rest.get(1));
        }
        if (rest.equals(List.of("mdm", "webhook"))) {
            require(m, "POST");
            return done(mdmWebhook.receive(r));
        }
        if (rest.size() == 2 && rest.get(0).equals("multicast") && (rest.get(1).equals("join") || rest.get(1).equals("report"))) {
            require(m, "POST");
            return done(rest.get(1).equals("join") ? multicast.join(r) : multicast.report(r));
        }
        return adminRoute(r, rest);
    }

    /** {@code /metrics}, {@code /healthz}, {@code /readyz}; nothing else at the top level is the API's. */
    private ApiResponse operations(String name) throws Exception {
        return switch (name) {
            case "healthz" -> ApiResponse.json(200, Map.of("status", "ok"));
            case "readyz" -> readiness();
            case "metrics" -> ApiResponse.text(200, MetricsScrape.CONTENT_TYPE, ports.metricsText().scrape());
            default -> throw noSuchEndpoint();
        };
    }

    private CompletionStage<ApiResponse> adminRoute(ApiRequest r, List<String> rest) throws Exception {
        String route = rest.size() == 2 && rest.get(0).equals("machines") ? "machines/{mac}" : String.join("/", rest);
        String method = switch (route) {
            case "machines", "machines/{mac}", "images", "admin/explain" -> "GET";
            case "admin/reload", "admin/rescan", "admin/tickets", "admin/erase", "admin/rerun" -> "POST";
            default -> throw noSuchEndpoint();
        };
        require(r.method(), method);
        admin.authorise(r);
        return done(switch (route) {
            case "machines" -> admin.machines(r);
            case "machines/{mac}" -> admin.machine(rest.get(1));
            case "images" -> admin.images();
            case "admin/explain" -> admin.explain(r);
            case "admin/reload" -> admin.reload();
            case "admin/tickets" -> admin.ticket(r);
            case "admin/erase" -> admin.erase(r);
            case "admin/rerun" -> admin.rerun(r);
            default -> admin.rescan();
        });
    }

    private static ApiException noSuchEndpoint() {
        return ApiException.notFound("no such API endpoint; the endpoints are listed in docs/agent-api.md");
    }

    private ApiResponse readiness() {
        Readiness ready = ports.readiness().readiness();
        return ApiResponse.json(ready.ready() ? 200 : 503, Map.of("ready", ready.ready(), "reason", ready.reason()));
    }

    private static void requireGet(String method) throws ApiException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiException.methodNotAllowed("GET, HEAD");
        }
    }

    private static void require(String method, String allowed) throws ApiException {
        if (!method.equals(allowed)) {
            throw ApiException.methodNotAllowed(allowed);
        }
    }

    private static CompletionStage<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private ApiResponse failure(ApiRequest request, Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof ApiException api) {
            api.reason().ifPresent(ports.metrics()::requestRejected);
            return ApiResponse.error(api);
        }
        if (t instanceof InvalidRequestException invalid) {
            return ApiResponse.error(ApiException.badRequest(invalid.getMessage()));
        }
        LOG.error("{} /{} failed", request.method(), String.join("/", request.path()), t);
        return ApiResponse.error(new ApiException(500, "internal error: " + t.getClass().getSimpleName(), null,
                Map.of()));
    }
}
