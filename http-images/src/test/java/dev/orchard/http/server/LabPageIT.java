package dev.orchard.http.server;

import dev.orchard.http.api.PageEndpoints;
import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.LabChanges;
import dev.orchard.http.spi.LabPagePort;
import dev.orchard.http.spi.PageAction;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab page over real HTTP (the JDK client, loopback): without a session {@code /} and the pages redirect
 * to the login and the stream, data and actions answer 401; the login form refuses a wrong token (counted as
 * a failed admin login) and a post without its form token; the right token gives an HttpOnly SameSite=Strict
 * session cookie; the stream starts with a snapshot, then sends each change once as a delta with the feed
 * position as its id, and resumes after {@code Last-Event-ID} without a snapshot; an action without the
 * session's CSRF token is refused before the port is asked.
 */
@ExtendWith(LeakCheckExtension.class)
class LabPageIT {

    private static final String ADMIN = "admin-token-for-the-lab-page-test-1";

    @TempDir
    Path base;

    @Test
    void thePageIsBehindItsLoginAndStreamsChangesOnceEach() throws Exception {
        Files.createDirectories(base.resolve("images"));
        RecordingHttpMetrics metrics = new RecordingHttpMetrics();
        FeedPort feed = new FeedPort();
        try (HttpImageServer server = HttpImageServer.start(ServerFixture.config(base).withAdminToken(ADMIN),
                HttpPorts.standalone().withLabPage(feed).withMetrics(metrics))) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            assertThat(send(http, get(url + "/")).headers().firstValue("Location")).contains("/ui/lab");
            assertThat(send(http, get(url + "/ui/lab")).headers().firstValue("Location")).contains("/ui/login");
            assertThat(send(http, get(url + "/ui/stream")).statusCode()).isEqualTo(401);
            assertThat(send(http, get(url + "/ui/data/server")).statusCode()).isEqualTo(401);
            assertThat(send(http, post(url + "/ui/actions/forget?mac=00:1b:63:00:00:01", "")).statusCode()).isEqualTo(401);

            HttpResponse<String> form = send(http, get(url + "/ui/login"));
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("name=\"token\"").doesNotContain("00:1b:63");
            String formToken = between(form.body(), "name=\"csrf\" value=\"", "\"");
            String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

            HttpResponse<String> noFormToken = send(http, post(url + "/ui/login", "token=" + ADMIN)
                    .header("Cookie", loginCookie));
            assertThat(noFormToken.statusCode()).isEqualTo(403);
            assertThat(noFormToken.headers().firstValue("Set-Cookie").orElse("")).doesNotContain("orchard_session");
            HttpResponse<String> wrong = send(http, post(url + "/ui/login", "token=nope&csrf=" + formToken)
                    .header("Cookie", loginCookie));
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("not the admin token");
            assertThat(metrics.adminLoginFailures(AdminLoginFailure.WRONG_TOKEN)).isEqualTo(1);

            HttpResponse<String> in = send(http, post(url + "/ui/login", "token=" + ADMIN + "&csrf=" + formToken)
                    .header("Cookie", loginCookie));
            assertThat(in.statusCode()).isEqualTo(303);
            String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("orchard_session=").contains("HttpOnly", "SameSite=Strict", "Max-Age=")
                    .doesNotContain("Secure");
            String session = setCookie.split(";")[0];

            HttpResponse<String> lab = send(http, get(url + "/ui/lab").header("Cookie", session));
            assertThat(lab.statusCode()).isEqualTo(200);
            assertThat(lab.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
            String csrf = between(lab.body(), "name=\"orchard-csrf\" content=\"", "\"");

            HttpResponse<String> forged = send(http, post(url + "/ui/actions/forget?mac=00:1b:63:00:00:01", "")
                    .header("Cookie", session));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(feed.actions).as("the port is not asked").isEmpty();
            HttpResponse<String> acted = send(http, post(url + "/ui/actions/forget?mac=00:1b:63:00:00:01", "")
                    .header("Cookie", session).header("X-Orchard-CSRF", csrf));
            assertThat(acted.statusCode()).isEqualTo(200);
            assertThat(feed.actions).containsExactly("forget 00:1b:63:00:00:01");

            String lastId;
            try (SseReader sse = SseReader.open(http, url + "/ui/stream", session, null)) {
                SseReader.Event snapshot = sse.next();
                assertThat(snapshot.name()).isEqualTo("snapshot");
                assertThat(snapshot.data()).contains("\"mac\":\"00:1b:63:00:00:01\"");
                for (int i = 0; i < 500; i++) {
                    feed.change("00:1b:63:00:00:02"); // a storm of one Mac
                }
                SseReader.Event delta = sse.next();
                assertThat(delta.name()).isEqualTo("rows");
                assertThat(delta.data()).contains("00:1b:63:00:00:02").doesNotContain("00:1b:63:00:00:01");
                assertThat(delta.data().split("00:1b:63:00:00:02", -1)).as("once").hasSize(2);
                lastId = delta.id();
                assertThat(lastId).isEqualTo(feed.epoch + "." + feed.version.get());
            }
            feed.change("00:1b:63:00:00:03");
            try (SseReader sse = SseReader.open(http, url + "/ui/stream", session, lastId)) {
                SseReader.Event resumed = sse.next();
                assertThat(resumed.name()).as("resumed, no snapshot").isEqualTo("rows");
                assertThat(resumed.data()).contains("00:1b:63:00:00:03").doesNotContain("00:1b:63:00:00:02");
            }

            // at most 32 streams at once: the 33rd is refused with the reason and counted; a closed one frees its slot
            List<SseReader> open = new ArrayList<>();
            try {
                for (int i = 0; i < PageEndpoints.MAX_STREAMS; i++) {
                    open.add(SseReader.open(http, url + "/ui/stream", session, null));
                    assertThat(open.get(i).next().name()).as("stream %d", i + 1).isEqualTo("snapshot");
                }
                HttpResponse<String> refused = send(http, get(url + "/ui/stream").header("Cookie", session));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).contains("30");
                assertThat(refused.body()).contains("too many lab pages are open (32 live streams");
                assertThat(metrics.rejected(RejectReason.TOO_MANY_PAGE_STREAMS)).isEqualTo(1);
                open.remove(0).close();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (true) { // the slot is free once the server has seen the connection close
                    HttpResponse<InputStream> r = http.send(get(url + "/ui/stream").header("Cookie", session)
                            .build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() == 200) {
                        r.body().close();
                        break;
                    }
                    r.body().close();
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(System.nanoTime()).as("the closed stream's slot freed").isLessThan(deadline);
                    Thread.sleep(50);
                }
            } finally {
                for (SseReader r : open) {
                    r.close();
                }
            }
        }
    }

    /**
     * What a stream costs the server is counted (orchard_page_stream_cpu_seconds_total, docs/metrics.md): the feed
     * read on the worker pool as well as the write on the event loop, in thread CPU time, not wall time.
     */
    @Test
    void theStreamsCpuTimeIsCountedFeedReadsIncluded() throws Exception {
        Files.createDirectories(base.resolve("images"));
        RecordingHttpMetrics metrics = new RecordingHttpMetrics();
        FeedPort feed = new FeedPort();
        feed.readCpuNanos = TimeUnit.MILLISECONDS.toNanos(40);
        try (HttpImageServer server = HttpImageServer.start(ServerFixture.config(base).withAdminToken(ADMIN),
                HttpPorts.standalone().withLabPage(feed).withMetrics(metrics))) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> form = send(http, get(url + "/ui/login"));
            HttpResponse<String> in = send(http, post(url + "/ui/login", "token=" + ADMIN + "&csrf="
                    + between(form.body(), "name=\"csrf\" value=\"", "\""))
                    .header("Cookie", form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]));
            String session = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(metrics.pageStreamCpuNanos()).isZero();
            try (SseReader sse = SseReader.open(http, url + "/ui/stream", session, null)) {
                assertThat(sse.next().name()).isEqualTo("snapshot");
                feed.change("00:1b:63:00:00:02");
                assertThat(sse.next().name()).isEqualTo("rows");
            }
            // two feed reads of 40 ms CPU each, and the writes; far less than that would mean the reads went uncounted
            // (counted once the event is written: a moment after the client has it)
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (metrics.pageStreamCpuNanos() < TimeUnit.MILLISECONDS.toNanos(80) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(metrics.pageStreamCpuNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(80),
                    TimeUnit.SECONDS.toNanos(5));
        }
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    /** Bounded: a stream answered where a refusal is due would otherwise never end the body. */
    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder r) throws Exception {
        return http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
    }

    private static String between(String text, String start, String end) {
        int a = text.indexOf(start) + start.length();
        return text.substring(a, text.indexOf(end, a));
    }

    /** A feed whose rows are {mac: …, n: changes}; every change bumps the version and pokes the streams. */
    static final class FeedPort implements LabPagePort {
        final String epoch = "e1";
        final AtomicLong version = new AtomicLong();
        final Map<String, Long> changedAt = new java.util.concurrent.ConcurrentHashMap<>(Map.of("00:1b:63:00:00:01", 0L));
        final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
        final List<String> actions = new CopyOnWriteArrayList<>();
        /** Thread CPU time each feed read spends (a page whose rows are costly to build). */
        volatile long readCpuNanos;

        void change(String mac) {
            changedAt.put(mac, version.incrementAndGet());
            subscribers.forEach(Runnable::run);
        }

        @Override
        public synchronized LabChanges changes(String e, long since) {
            long spinUntil = ThreadCpu.now() + readCpuNanos;
            while (ThreadCpu.now() < spinUntil) {
                Thread.onSpinWait();
            }
            boolean snapshot = !epoch.equals(e) || since < 0;
            List<Map<String, Object>> rows = new ArrayList<>();
            changedAt.forEach((mac, v) -> {
                if (snapshot || v > since) {
                    rows.add(Map.of("mac", mac));
                }
            });
            return new LabChanges(epoch, version.get(), snapshot, rows, List.of());
        }

        @Override
        public AutoCloseable subscribe(Runnable changed) {
            subscribers.add(changed);
            return () -> subscribers.remove(changed);
        }

        @Override
        public Optional<Map<String, Object>> machine(String mac) {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> server() {
            return Map.of();
        }

        @Override
        public AdminResult act(String mac, PageAction action) {
            actions.add(action.wireName() + " " + mac);
            return AdminResult.ok("done");
        }
    }

    /** Reads {@code text/event-stream} events (WHATWG HTML, "Parsing an event stream"), skipping comments. */
    static final class SseReader implements AutoCloseable {
        record Event(String id, String name, String data) {
        }

        private final InputStream body;
        private final BufferedReader lines;

        private SseReader(InputStream body) {
            this.body = body;
            this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        static SseReader open(HttpClient http, String url, String cookie, String lastEventId) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie);
            if (lastEventId != null) {
                r.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> res = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            return new SseReader(res.body());
        }

        Event next() throws Exception {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        return new Event(id, name, data.toString());
                    }
                    id = null;
                    name = null;
                    continue;
                }
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            throw new AssertionError("the stream ended");
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
