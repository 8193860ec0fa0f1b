package dev.orchard.agent.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful stand-in for Orchard's HTTP server (docs/agent-api.md), used until the http-images module
 * lands and kept afterwards for what a real server should never do: corrupt bytes on purpose, stall,
 * refuse events. Images and payloads are served with Range, If-Range and a strong ETag; the plan is
 * whatever the test sets per MAC; events need the plan's token and are checked against the contract's
 * shape (unknown fields are a 400, as on the real server).
 */
public final class StandInServer implements ImageServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, ServedFile> images = new ConcurrentHashMap<>();
    private final Map<String, ServedFile> payloads = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> plans = new ConcurrentHashMap<>();
    private final List<EventBody> events = new CopyOnWriteArrayList<>();
    private final Set<String> eventKeys = ConcurrentHashMap.newKeySet();
    private final RunIssuer runs = new RunIssuer();
    private final AtomicInteger refuseEvents = new AtomicInteger();
    private volatile long refuseEventsUntil;
    private final AtomicInteger eventsRefused = new AtomicInteger();
    private final FileResponder files = new FileResponder();
    private HttpServer server;
    private ExecutorService pool;
    private int port;

    public StandInServer() throws IOException {
        start(0);
    }

    private void start(int wanted) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 64);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public int port() {
        return port;
    }

    /** Serves {@code file} as {@code /images/<name>} with a manifest in chunks of {@code chunkSize}. */
    @Override
    public ServedImage addImage(String name, Path file, long chunkSize) throws IOException {
        ServedFile f = new ServedFile(name, file, chunkSize);
        images.put(name, f);
        return new ServedImage(name, f.size, f.sha256, chunkSize, f.etag);
    }

    /** Serves {@code file} as {@code /payloads/<path>}; returns its sha256. */
    @Override
    public String addPayload(String path, Path file) throws IOException {
        payloads.put(path, new ServedFile(path, file, Long.MAX_VALUE / 2));
        return ServedFile.sha256(file);
    }

    @Override
    public void plan(String mac, JsonNode plan) {
        plans.put(mac, plan);
    }

    /** Every served byte at these image offsets has its lowest bit flipped. */
    public void flipByteAt(long offset) {
        files.flipByteAt(offset);
    }

    /** The next {@code count} event posts get 503. */
    public void refuseEvents(int count) {
        refuseEvents.set(count);
    }

    /** Every event post gets 503 until {@code millis} from now. */
    @Override
    public void refuseEventsFor(long millis) {
        refuseEventsUntil = System.currentTimeMillis() + millis;
    }

    @Override
    public int eventsRefused() {
        return eventsRefused.get();
    }

    /** Image responses stop sending after this many image bytes in total, until {@link #release()}. */
    public void stallAfter(long totalImageBytes) {
        files.stallAfter(totalImageBytes);
    }

    public void release() {
        files.release();
    }

    /** Limits image serving to about this many bytes per second (per response). */
    public void throttle(long perSecond) {
        files.throttle(perSecond);
    }

    @Override
    public long imageBytesServed() {
        return files.imageBytesServed();
    }

    @Override
    public void resetCounters() {
        files.resetCounters();
    }

    public List<RangeRequest> requests() {
        return files.requests();
    }

    @Override
    public List<EventBody> events() {
        return List.copyOf(events);
    }

    /** Stops and starts again on the same port (a server restart); connections in flight break. */
    @Override
    public void restart(long downMillis) throws IOException, InterruptedException {
        int same = port;
        stopNow();
        Thread.sleep(downMillis);
        start(same);
    }

    private void stopNow() {
        server.stop(0);
        pool.shutdownNow();
    }

    @Override
    public void close() {
        release();
        stopNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/images/") && path.endsWith("/manifest")) {
                ServedFile f = images.get(path.substring(8, path.length() - 9));
                if (f == null) {
                    error(ex, 404, "no such image");
                } else {
                    json(ex, 200, f.manifest);
                }
            } else if (path.startsWith("/images/")) {
                files.serve(ex, images.get(path.substring(8)), true);
            } else if (path.startsWith("/payloads/")) {
                files.serve(ex, payloads.get(path.substring(10)), false);
            } else if (path.equals("/api/v1/plan")) {
                plan(ex);
            } else if (path.startsWith("/api/v1/machines/") && path.endsWith("/events")) {
                event(ex, path.substring(17, path.length() - 7));
            } else {
                error(ex, 404, "not found: " + path);
            }
        } catch (IOException | RuntimeException e) {
            // a client that went away, or a test that broke the connection on purpose
        }
    }

    private void plan(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        String mac = null;
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("mac=")) {
                    mac = normalize(kv.substring(4));
                }
            }
        }
        if (mac == null) {
            error(ex, 400, "mac is required");
            return;
        }
        JsonNode plan = plans.get(mac);
        if (plan == null) {
            error(ex, 404, "no policy applies to " + mac);
            return;
        }
        if (ex.getRequestHeaders().getFirst("X-Orchard-Claim") == null) {
            error(ex, 403, "send X-Orchard-Claim");
            return;
        }
        RunIssuer.Run run = runs.issue(mac);
        json(ex, 200, ((com.fasterxml.jackson.databind.node.ObjectNode) plan.deepCopy()).put("run", run.id())
                .put("token", run.token()));
    }

    private void event(HttpExchange ex, String macInPath) throws IOException {
        String mac = normalize(macInPath);
        JsonNode plan = plans.get(mac);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        byte[] body = ex.getRequestBody().readNBytes(64 * 1024 + 1);
        if (auth == null) {
            error(ex, 401, "missing token");
            return;
        }
        if (plan == null || !auth.startsWith("Bearer ") || runs.runOf(mac, auth.substring(7)) == null) {
            error(ex, 403, "wrong token");
            return;
        }
        if (body.length > 64 * 1024) {
            error(ex, 413, "body too large");
            return;
        }
        if (refuseEvents.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || System.currentTimeMillis() < refuseEventsUntil) {
            eventsRefused.incrementAndGet();
            error(ex, 503, "journal unavailable");
            return;
        }
        EventBody e;
        try {
            e = STRICT.readValue(body, EventBody.class);
        } catch (IOException bad) {
            error(ex, 400, "bad event: " + bad.getMessage());
            return;
        }
        if (eventKeys.add(e.runId() + "/" + e.seq())) {
            events.add(e);
        }
        json(ex, 202, Map.of("accepted", true, "seq", e.seq()));
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("status", status, "error", reason(status), "message", message));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    static String normalize(String mac) {
        String hex = java.net.URLDecoder.decode(mac, StandardCharsets.UTF_8).replace(":", "").replace("-", "").toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            out.append(out.length() == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return out.toString();
    }
}
