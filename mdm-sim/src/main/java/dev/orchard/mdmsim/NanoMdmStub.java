package dev.orchard.mdmsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for NanoMDM on 127.0.0.1, faithful to its API and webhook as its source has them (NanoMDM
 * commit 1d5fcf4da9b1606a022bf85dcf0449961865c1d9: {@code cmd/nanomdm/main.go}, {@code http/api/api.go},
 * {@code api/api.go}, {@code api/do.go}, {@code api/types.go}, {@code storage/kv/queue.go},
 * {@code push/service/service.go}, {@code service/nanomdm/service.go}, {@code service/webhook/*}; nanolib
 * {@code http/http.go} for Basic auth), with simulated Macs playing the device side
 * ({@link SimulatedMac}, {@link Reaction}) and fault switches. What it reproduces, endpoint by endpoint:
 * <ul>
 *   <li>{@code PUT /v1/enqueue/{id,…}}: Basic auth (user {@code nanomdm}, password the API key; else 401
 *       {@code Unauthorized} with {@code WWW-Authenticate: Basic realm="nanomdm"}); the body decoded as a command
 *       plist (else 500 {@code command_error: decoding command: …}); a CommandUUID enqueued before is refused
 *       (500 {@code command already exists: …}, the default kv storage); then, unless {@code ?nopush} has a
 *       value, a push to each ID ({@code push data missing for id} for one that never sent a TokenUpdate);
 *       200 / 207 / 500 by {@code api.go code}. Like NanoMDM it does not check the method.</li>
 *   <li>{@code GET /v1/push/{id,…}}: the push alone.</li>
 *   <li>{@code /v1/enqueue} and {@code /v1/push} without the slash: Go's ServeMux 301; other paths 404
 *       {@code 404 page not found} without asking for credentials.</li>
 *   <li>Device side: a push wakes an online Mac, which connects with {@code Idle}, then gets and answers the
 *       queued commands in order until none is left ({@code service/nanomdm/service.go
 *       CommandAndReportResults}: after {@code NotNow} the next fetch skips NotNow'd commands, the next
 *       session gets them again). A re-enrolment ({@code Authenticate}) clears the Mac's queue
 *       ({@code service.go Authenticate}).</li>
 *   <li>Webhook: every report and check-in posted as NanoMDM's webhook does ({@link WebhookPoster}).</li>
 * </ul>
 * Not reproduced: APNs (a push to a Mac that is off still succeeds, as APNs accepts it), the MDM check-in
 * protocol itself (certificates, signatures), user channels, declarative management, other endpoints.
 */
public final class NanoMdmStub implements AutoCloseable {

    /** The push topic the simulated Macs enrolled with. */
    public static final String TOPIC = "com.apple.mgmt.External.0b7e3f54-orchard-test";

    /** Ways the API can be down. */
    public enum ApiFault {
        NONE,
        /** A 503 for every request, as a reverse proxy answers while NanoMDM restarts. */
        SERVICE_UNAVAILABLE,
        /** Nothing listens on the port: connections are refused. */
        REFUSED
    }

    private final String apiKey;
    private final int port;
    private final StubState state = new StubState();
    private final WebhookPoster webhooks = new WebhookPoster();
    private final DeviceSessions devices;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "nanomdm-stub-http");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpServer server;
    private volatile ApiFault fault = ApiFault.NONE;

    private NanoMdmStub(String apiKey, int port) throws IOException {
        this.apiKey = apiKey;
        this.devices = new DeviceSessions(state, webhooks);
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    /** A stub on an ephemeral port of 127.0.0.1 that takes {@code apiKey} (NanoMDM's {@code -api}). */
    public static NanoMdmStub start(String apiKey) throws IOException {
        return new NanoMdmStub(apiKey, 0);
    }

    /**
     * A stub on this port of 127.0.0.1 (the one a server's configuration names, as {@code orchard lab} starts it);
     * a port still held by a closing socket is tried again for up to 5 s.
     */
    public static NanoMdmStub start(String apiKey, int port) throws IOException {
        return new NanoMdmStub(apiKey, port);
    }

    /** {@code http://127.0.0.1:PORT/}: NanoMDM's base URL (the API is under {@code v1/}). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Where webhooks go ({@code -webhook-url}), signed with {@code hmacKey} when not null ({@code -webhook-hmac-key}). */
    public void webhook(URI url, String hmacKey) {
        webhooks.target(url, hmacKey);
    }

    /** A Mac already enrolled (Authenticate and TokenUpdate happened before the test: no webhook). */
    public SimulatedMac enroll(String udid, String serialNumber, String model, boolean appleSilicon) {
        SimulatedMac mac = new SimulatedMac(this, udid, serialNumber, model, appleSilicon);
        state.enrolled(mac);
        return mac;
    }

    /** Every command enqueued for {@code udid}, in order, including those answered since. */
    public List<QueuedCommand> enqueued(String udid) {
        return state.enqueued(udid);
    }

    /** Commands still waiting in {@code udid}'s queue. */
    public List<QueuedCommand> queue(String udid) {
        return state.queue(udid);
    }

    /** Every API request answered, in order. */
    public List<ApiCall> apiCalls() {
        return state.calls();
    }

    /** Every webhook event, in order, with what became of it. */
    public List<WebhookDelivery> webhooks() {
        return webhooks.deliveries();
    }

    public void loseNextWebhooks(int count) {
        webhooks.loseNext(count);
    }

    public void duplicateWebhooks(boolean on) {
        webhooks.duplicate(on);
    }

    /** Loses the next webhook about {@code udid}'s {@code about}: a command's RequestType, or a check-in topic. */
    public void loseNextWebhookOf(String udid, String about) {
        webhooks.faults().loseNext(udid, about);
    }

    /** Posts every webhook event of {@code udid} twice from now on (the other Macs' once). */
    public void duplicateWebhooksOf(String udid) {
        webhooks.faults().duplicate(udid);
    }

    /** Told of every command a Mac answers, after its report (one listener; the last set wins). */
    public void onAnswer(AnswerListener listener) {
        devices.onAnswer(listener);
    }

    /** Takes the API down ({@link ApiFault#SERVICE_UNAVAILABLE}, {@link ApiFault#REFUSED}) or up ({@code NONE}). */
    public synchronized void apiFault(ApiFault f) throws IOException {
        if (f == ApiFault.REFUSED && server != null) {
            server.stop(0);
            server = null;
        } else if (f != ApiFault.REFUSED && server == null) {
            server = listen(port);
        }
        fault = f;
    }

    /** Waits until no device session, re-enrolment or webhook is pending (a Mac that stays away is not pending). */
    public void awaitQuiet(Duration timeout) throws InterruptedException {
        devices.awaitQuiet(timeout);
    }

    void reEnroll(SimulatedMac mac) {
        devices.reEnroll(mac);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        devices.close();
        httpThreads.shutdownNow();
    }

    private HttpServer listen(int onPort) throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
                s.setExecutor(httpThreads);
                s.createContext("/", this::exchange);
                s.start();
                return s;
            } catch (BindException e) {
                if (onPort == 0 || System.nanoTime() > end) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private void exchange(HttpExchange x) throws IOException {
        try (x) {
            Answer a = answer(x);
            state.call(new ApiCall(x.getRequestMethod(), x.getRequestURI().getRawPath()
                    + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()), a.status()));
            a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                x.getResponseBody().write(body);
            }
        }
    }

    private Answer answer(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        if (fault == ApiFault.SERVICE_UNAVAILABLE) {
            return Answer.text(503, "Service Unavailable\n");
        }
        String path = x.getRequestURI().getPath();
        if (path.equals("/v1/enqueue") || path.equals("/v1/push")) {
            return new Answer(301, Map.of("Location", path + "/"), ""); // Go's ServeMux: subtree without its slash
        }
        boolean enqueue = path.startsWith("/v1/enqueue/");
        if (!enqueue && !path.startsWith("/v1/push/")) {
            return Answer.text(404, "404 page not found\n");
        }
        if (!authorised(x.getRequestHeaders().getFirst("Authorization"))) {
            return new Answer(401, Map.of("Www-Authenticate", "Basic realm=\"nanomdm\"",
                    "Content-Type", "text/plain; charset=utf-8", "X-Content-Type-Options", "nosniff"), "Unauthorized\n");
        }
        String ids = path.substring(enqueue ? "/v1/enqueue/".length() : "/v1/push/".length());
        ApiResult r = enqueue ? state.enqueue(ids, body, noPush(x.getRequestURI().getRawQuery()), devices)
                : state.push(ids, devices);
        return new Answer(r.code(), Map.of("Content-Type", "application/json"), GoJson.indented(r.json()));
    }

    /** nanolib {@code NewSimpleBasicAuthHandler}: user {@code nanomdm}, password the API key. */
    private boolean authorised(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return java.security.MessageDigest.isEqual(decoded.getBytes(StandardCharsets.UTF_8),
                ("nanomdm:" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code r.URL.Query().Get("nopush") != ""}. */
    private static boolean noPush(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("nopush")) {
                return eq >= 0 && eq < pair.length() - 1; // Get returns the first value
            }
        }
        return false;
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        static Answer text(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "text/plain; charset=utf-8",
                    "X-Content-Type-Options", "nosniff"), body);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> split(String ids) {
        return ids.isEmpty() ? List.of() : new ArrayList<>(List.of(ids.split(",", -1)));
    }

    static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
