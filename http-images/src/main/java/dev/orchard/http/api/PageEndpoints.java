package dev.orchard.http.api;

import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.LabPagePort;
import dev.orchard.http.spi.PageAction;
import dev.orchard.http.spi.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab page (docs/lab-page.md): {@code /} and everything under {@code /ui/}. Pages, data and the event
 * stream need a session; a browser gets one by posting the admin token to the login form, which goes
 * through the same {@link AdminLoginGuard} as the admin API (a wrong token is counted, logged, and an
 * address that keeps guessing is refused with 429). Without a session a page redirects to the login form
 * and data, stream and actions answer 401: never the data. Every POST carries a CSRF token (the login form
 * a double-submit cookie, the session's POSTs the session's token in {@code X-Orchard-CSRF}); the cookies
 * are HttpOnly and SameSite=Strict (RFC 6265bis §4.1.2.7), Secure over TLS.
 */
public final class PageEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PageEndpoints.class);

    static final String SESSION_COOKIE = "orchard_session";
    static final String LOGIN_COOKIE = "orchard_login";
    /** Event streams open at once; each costs a connection and a feed read per change. */
    public static final int MAX_STREAMS = 32;
    /** {@code default-src 'self'}: no inline script, no CDN (W3C CSP Level 3). */
    private static final Map<String, String> HARDENING = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
                    + " form-action 'self'; base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");

    private final LabPagePort port;
    private final Optional<String> adminToken;
    private final AdminLoginGuard guard;
    private final Executor worker;
    private final PageSessions sessions = new PageSessions(System::currentTimeMillis);
    private final PageAssets assets = new PageAssets();
    private final AtomicInteger streams = new AtomicInteger();
    private final HttpMetrics metrics;

    PageEndpoints(LabPagePort port, Optional<String> adminToken, AdminLoginGuard guard, Executor worker,
                  HttpMetrics metrics) {
        this.metrics = metrics;
        this.port = port;
        this.adminToken = adminToken;
        this.guard = guard;
        this.worker = worker;
    }

    /** True for the page's paths: {@code /} and {@code /ui/…}. */
    public static boolean handles(List<String> path) {
        return path.isEmpty() || path.get(0).equals("ui");
    }

    public LabPagePort port() {
        return port;
    }

    public PageSessions sessions() {
        return sessions;
    }

    /** An event stream spent this much thread CPU time on one event (its feed read and its write). */
    public void streamWorked(long cpuNanos) {
        metrics.pageStreamWorked(cpuNanos);
    }

    /** An event stream ended (the connection closed): its slot is free. */
    public void streamEnded() {
        streams.decrementAndGet();
    }

    /** Answers on the worker pool; the future never fails (a failure is a JSON 500). */
    public CompletableFuture<PageAnswer> handle(PageRequest r) {
        CompletableFuture<PageAnswer> answer = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    answer.complete(route(r));
                } catch (ApiException e) {
                    answer.complete(full(ApiResponse.error(e)));
                } catch (InvalidRequestException e) {
                    answer.complete(full(ApiResponse.error(ApiException.badRequest(e.getMessage()))));
                } catch (Exception e) {
                    LOG.error("{} /{} failed", r.method(), String.join("/", r.path()), e);
                    answer.complete(full(ApiResponse.error(new ApiException(500, "internal error: "
                            + e.getClass().getSimpleName(), null, Map.of()))));
                }
            });
        } catch (RuntimeException rejected) {
            answer.complete(full(ApiResponse.error(new ApiException(503, "the server is shutting down", null, Map.of()))));
        }
        return answer;
    }

    private PageAnswer route(PageRequest r) throws Exception {
        List<String> p = r.path();
        if (p.isEmpty()) {
            return full(redirect("/ui/lab", null));
        }
        String what = p.size() >= 2 ? p.get(1) : "";
        if (p.size() == 3 && what.equals("assets")) {
            requireGet(r);
            PageAssets.Asset a = assets.publicAsset(p.get(2))
                    .orElseThrow(() -> ApiException.notFound("no such file of the lab page"));
            return full(new ApiResponse(200, a.contentType(), a.bytes(), HARDENING));
        }
        if (p.size() == 2 && what.equals("login")) {
            return full(r.method().equals("POST") ? login(r) : loginForm(r, 200, null));
        }
        if (adminToken.isEmpty()) {
            throw ApiException.forbidden("the lab page is disabled: no admin token is configured");
        }
        Optional<PageSessions.Session> session = sessions.find(r.cookies().get(SESSION_COOKIE));
        if (p.size() == 2 && (what.equals("lab") || what.equals("machine") || what.equals("server"))) {
            requireGet(r);
            if (session.isEmpty()) {
                return full(redirect("/ui/login", null));
            }
            String html = assets.page(what + ".html").text().replace("{{csrf}}", session.get().csrf());
            return full(html(200, html, null));
        }
        PageSessions.Session s = session.orElseThrow(() -> ApiException.unauthenticated(
                "log in first: the lab page's login is at /ui/login"));
        if (p.size() == 2 && what.equals("stream")) {
            requireGet(r);
            return stream(r, s);
        }
        if (p.size() == 3 && what.equals("data")) {
            requireGet(r);
            return full(data(p.get(2), r));
        }
        if (p.size() == 2 && what.equals("logout")) {
            requirePost(r, s);
            sessions.end(s);
            return full(redirect("/ui/login", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"));
        }
        if (p.size() == 3 && what.equals("actions")) {
            requirePost(r, s);
            PageAction action = PageAction.parse(p.get(2))
                    .orElseThrow(() -> ApiException.notFound("no such action; the actions are "
                            + java.util.Arrays.stream(PageAction.values()).map(PageAction::wireName)
                            .collect(java.util.stream.Collectors.joining(", "))));
            String mac = MacAddresses.require(r.param("mac").orElse(""), "query parameter 'mac'");
            AdminResult result = port.act(mac, action, r.param("confirm").orElse(""));
            if (!result.ok()) {
                throw new ApiException(422, result.message(), null, Map.of());
            }
            LOG.info("lab page: {} {} from {}: {}", action.wireName(), mac, r.client().getHostAddress(),
                    result.message());
            return full(ApiResponse.json(200, Map.of("ok", true, "message", result.message())));
        }
        throw ApiException.notFound("no such page; the lab page is at /ui/lab");
    }

    private PageAnswer stream(PageRequest r, PageSessions.Session s) throws ApiException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            metrics.requestRejected(RejectReason.TOO_MANY_PAGE_STREAMS);
            throw new ApiException(503, "too many lab pages are open (" + MAX_STREAMS + " live streams, the most this"
                    + " server keeps); close one, or wait", null, Map.of("Retry-After", "30"));
        }
        // Last-Event-ID is "epoch.version" as LabChanges#eventId wrote it; anything else asks for a snapshot
        String last = r.header("last-event-id").orElse("");
        int dot = last.lastIndexOf('.');
        String epoch = "";
        long since = -1;
        if (dot > 0) {
            try {
                since = Long.parseLong(last.substring(dot + 1));
                epoch = last.substring(0, dot);
            } catch (NumberFormatException e) {
                since = -1;
            }
        }
        return new PageAnswer.Stream(s, epoch, since);
    }

    private ApiResponse data(String what, PageRequest r) throws Exception {
        return switch (what) {
            case "machine" -> {
                String mac = MacAddresses.require(r.param("mac").orElse(""), "query parameter 'mac'");
                yield port.machine(mac).map(m -> ApiResponse.json(200, m))
                        .orElseThrow(() -> ApiException.notFound("no machine " + mac + " is known"));
            }
            case "server" -> ApiResponse.json(200, port.server());
            default -> throw ApiException.notFound("no such data of the lab page");
        };
    }

    private ApiResponse login(PageRequest r) throws ApiException {
        Map<String, String> form = form(r.body());
        String cookie = r.cookies().get(LOGIN_COOKIE);
        if (cookie == null || !BearerTokens.constantTimeEquals(form.getOrDefault("csrf", ""), cookie)) {
            return loginForm(r, 403, "The form has expired; enter the token again.");
        }
        if (adminToken.isEmpty()) {
            return loginForm(r, 403, "The lab page is disabled: no admin token is configured.");
        }
        try {
            guard.admit(r.client());
        } catch (ApiException throttled) {
            ApiResponse page = loginForm(r, 429, throttled.getMessage());
            return new ApiResponse(429, page.contentType(), page.body(), merge(page.headers(), throttled.headers()));
        }
        if (!BearerTokens.constantTimeEquals(form.getOrDefault("token", ""), adminToken.get())) {
            guard.failed(r.client());
            return loginForm(r, 403, "That is not the admin token.");
        }
        guard.succeeded(r.client());
        PageSessions.Session s = sessions.create();
        LOG.info("lab page: login from {}", r.client().getHostAddress());
        return redirect("/ui/lab", SESSION_COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + PageSessions.LIFETIME.toSeconds() + (r.tls() ? "; Secure" : ""));
    }

    /** The login form with a fresh double-submit token in its cookie and in the form. */
    private ApiResponse loginForm(PageRequest r, int status, String error) {
        String token = PageSessions.randomToken();
        String html = assets.page("login.html").text().replace("{{csrf}}", token)
                .replace("{{error}}", error == null ? "" : escape(error));
        return html(status, html, LOGIN_COOKIE + "=" + token + "; Path=/ui/login; HttpOnly; SameSite=Strict; Max-Age=900"
                + (r.tls() ? "; Secure" : ""));
    }

    private void requirePost(PageRequest r, PageSessions.Session s) throws ApiException {
        if (!r.method().equals("POST")) {
            throw ApiException.methodNotAllowed("POST");
        }
        if (!PageSessions.csrfMatches(s, r.header(PageRequest.CSRF_HEADER).orElse(null))) {
            throw ApiException.forbidden("missing or wrong CSRF token (X-Orchard-CSRF); reload the page");
        }
    }

    private static void requireGet(PageRequest r) throws ApiException {
        if (!r.method().equals("GET")) {
            throw ApiException.methodNotAllowed("GET");
        }
    }

    private static Map<String, String> form(byte[] body) {
        // application/x-www-form-urlencoded (WHATWG URL, "application/x-www-form-urlencoded parsing")
        Map<String, String> out = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&", 8)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a broken escape: the field is treated as absent, so the login fails like a wrong token
                }
            }
        }
        return out;
    }

    private static ApiResponse redirect(String location, String cookie) {
        Map<String, String> h = new HashMap<>(HARDENING);
        h.put("Location", location);
        if (cookie != null) {
            h.put("Set-Cookie", cookie);
        }
        return new ApiResponse(303, "text/plain; charset=utf-8", ("see " + location + "\n").getBytes(StandardCharsets.UTF_8), h);
    }

    private static ApiResponse html(int status, String html, String cookie) {
        Map<String, String> h = new HashMap<>(HARDENING);
        if (cookie != null) {
            h.put("Set-Cookie", cookie);
        }
        return new ApiResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), h);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static PageAnswer full(ApiResponse r) {
        return new PageAnswer.Full(r);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
