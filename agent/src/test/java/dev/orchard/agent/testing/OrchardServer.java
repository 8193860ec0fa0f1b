package dev.orchard.agent.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.spi.EventsPort;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.Plan;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import dev.orchard.http.spi.TokenCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Orchard's real HTTP server ({@code http-images}), in-process, wired through its spi ports with test
 * implementations: plans per MAC from the test, events recorded (or refused with 503), tokens
 * {@code token-for-<mac>}, image bytes counted through the metrics port. Images and payloads live in a
 * temporary folder mounted at {@code /images} and {@code /payloads}; manifests are the server's own.
 */
public final class OrchardServer implements ImageServer {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;
    private final Path images;
    private final Path payloads;
    private final int chunkSize;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final List<EventBody> events = new CopyOnWriteArrayList<>();
    private final Set<String> eventKeys = ConcurrentHashMap.newKeySet();
    private final RunIssuer runs = new RunIssuer();
    private final AtomicLong imageBytes = new AtomicLong();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile long refuseUntil;
    private HttpImageServer server;
    private int port;
    private java.util.function.Function<Path, dev.orchard.http.spi.MulticastPort> multicast;

    /** A server whose manifests use chunks of {@code chunkSize} bytes (one size per server, as in production). */
    public OrchardServer(int chunkSize) throws Exception {
        this(chunkSize, images -> dev.orchard.http.spi.MulticastPort.NONE);
    }

    /** The same, with a multicast sender whose port is made for the server's images folder. */
    public OrchardServer(int chunkSize, java.util.function.Function<Path, dev.orchard.http.spi.MulticastPort> multicast)
            throws Exception {
        this.chunkSize = chunkSize;
        this.multicast = multicast;
        this.root = Files.createTempDirectory("orchard-http");
        this.images = Files.createDirectories(root.resolve("images"));
        this.payloads = Files.createDirectories(root.resolve("payloads"));
        start(0);
    }

    private void start(int wanted) throws Exception {
        HttpServerConfig config = HttpServerConfig.plain(new InetSocketAddress("127.0.0.1", wanted), List.of(
                Mount.of("/images", images, MountKind.IMAGES), Mount.of("/payloads", payloads, MountKind.PAYLOADS)))
                .withChunkSize(chunkSize);
        HttpPorts ports = HttpPorts.standalone().withPlan(planPort()).withEvents(eventsPort()).withTokens(tokens())
                .withMetrics(countingMetrics()).withMulticast(multicast.apply(images));
        server = HttpImageServer.start(config, ports);
        port = server.address().getPort();
    }

    private PlanPort planPort() {
        return query -> {
            Plan p = plans.get(query.mac());
            if (p == null) {
                return new PlanDecision.NoPolicy("no policy applies to " + query.mac());
            }
            if (query.credentials().claim().isEmpty()) {
                return new PlanDecision.Refused(403, "send X-Orchard-Claim");
            }
            RunIssuer.Run run = runs.issue(query.mac());
            return new PlanDecision.Found(new Plan(p.version(), p.machine(), p.action(), p.policy(), run.id(),
                    run.token(), p.events(), p.restore(), p.install(), p.workflow(), p.reboot()));
        };
    }

    private EventsPort eventsPort() {
        return (mac, event) -> {
            if (System.currentTimeMillis() < refuseUntil) {
                refused.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("journal unavailable (test)"));
            }
            if (eventKeys.add(event.runId() + "/" + event.seq())) {
                events.add(new EventBody(event.seq(), event.runId(), event.stage().wireName(), event.step(),
                        event.result().wireName(), event.bytesDone(), event.bytesTotal(), event.message(),
                        event.at() == null ? null : event.at().toString()));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    private MachineTokens tokens() {
        return (mac, token) -> {
            String run = runs.runOf(mac, token);
            if (run != null) {
                return TokenCheck.valid(run);
            }
            return TokenCheck.refused(token.startsWith("token-for-" + mac + "/") ? TokenCheck.Refusal.SUPERSEDED
                    : token.startsWith("token-for-") ? TokenCheck.Refusal.OTHER_MACHINE : TokenCheck.Refusal.INVALID);
        };
    }

    private HttpMetrics countingMetrics() {
        return new HttpMetrics() {
            @Override
            public void requestCompleted(RouteClass route, StatusClass status) {
            }

            @Override
            public void bytesSent(RouteClass route, long bytes) {
                if (route == RouteClass.IMAGE) {
                    imageBytes.addAndGet(bytes);
                }
            }

            @Override
            public void requestRejected(RejectReason reason) {
            }

            @Override
            public void connectionOpened() {
            }

            @Override
            public void connectionClosed() {
            }
        };
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public int port() {
        return port;
    }

    /** The image's folder on the server's disk (to make it rot, or replace it). */
    public Path imageFile(String name) {
        return images.resolve(name);
    }

    @Override
    public ServedImage addImage(String name, Path file, long chunk) throws IOException {
        if (chunk != chunkSize) {
            throw new IllegalArgumentException("this server makes manifests in chunks of " + chunkSize + ", not " + chunk);
        }
        Path served = images.resolve(name);
        try {
            Files.createLink(served, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, served);
        }
        JsonNode manifest = JSON.readTree(get("/images/" + name + "/manifest"));
        return new ServedImage(name, manifest.get("size").asLong(), manifest.get("sha256").asText(), chunk,
                manifest.get("etag").asText());
    }

    @Override
    public String addPayload(String path, Path file) throws IOException {
        Path served = payloads.resolve(path);
        Files.createDirectories(served.getParent());
        Files.copy(file, served);
        return dev.orchard.testkit.Hashes.sha256(served);
    }

    @Override
    public void plan(String mac, JsonNode plan) {
        try {
            plans.put(mac, JSON.treeToValue(plan, Plan.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the test's plan does not fit the server's Plan record", e);
        }
    }

    @Override
    public List<EventBody> events() {
        return List.copyOf(events);
    }

    @Override
    public void refuseEventsFor(long millis) {
        refuseUntil = System.currentTimeMillis() + millis;
    }

    @Override
    public int eventsRefused() {
        return refused.get();
    }

    @Override
    public long imageBytesServed() {
        return imageBytes.get();
    }

    @Override
    public void resetCounters() {
        imageBytes.set(0);
    }

    @Override
    public void restart(long downMillis) throws Exception {
        int same = port;
        server.close();
        Thread.sleep(downMillis);
        start(same);
    }

    private byte[] get(String path) throws IOException {
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
