package dev.orchard.agent.api;

import dev.orchard.agent.transfer.HttpSettings;
import dev.orchard.agent.transfer.PlainHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the JSON API calls travel: the lean {@link PlainHttp} client for {@code http} servers (no client
 * to initialise, no thread left behind), the JDK's {@link HttpClient} for {@code https} or when one is
 * injected (the simulated lab shares one between its agents).
 */
public interface ApiTransport {

    /** Largest JSON body read (a manifest of a 1 TiB image in 4 MiB chunks is about 35 MB). */
    int MAX_BODY = 256 << 20;

    /** A status and a complete body. */
    record Reply(int status, byte[] body) {
    }

    /** A GET with {@code headers} besides {@code Accept: application/json}. */
    Reply get(URI url, Map<String, String> headers) throws IOException, InterruptedException;

    default Reply get(URI url) throws IOException, InterruptedException {
        return get(url, Map.of());
    }

    Reply post(URI url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException;

    /**
     * The transport for {@code server}: the injected JDK client, else plain http, else a JDK client made on
     * first use. A source address ({@link HttpSettings#localAddress()}) needs plain http: the JDK 17 client
     * cannot choose its local address.
     */
    static ApiTransport forServer(URI server, HttpSettings settings, HttpClient injected) {
        if (injected != null && settings.localAddress() == null) {
            return new Jdk(() -> injected, settings);
        }
        if ("http".equalsIgnoreCase(server.getScheme())) {
            return new Plain(new PlainHttp(settings));
        }
        return new Jdk(new Lazy<>(() -> HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build()), settings);
    }

    /** Over {@link PlainHttp}. */
    final class Plain implements ApiTransport {
        private final PlainHttp http;

        public Plain(PlainHttp http) {
            this.http = http;
        }

        @Override
        public Reply get(URI url, Map<String, String> headers) throws IOException {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Accept", "application/json");
            return send("GET", url, all, null);
        }

        @Override
        public Reply post(URI url, Map<String, String> headers, byte[] body) throws IOException {
            return send("POST", url, headers, body);
        }

        private Reply send(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
            try (PlainHttp.Response response = http.exchange(method, url, new LinkedHashMap<>(headers), body)) {
                return new Reply(response.status(), response.readAll(MAX_BODY));
            }
        }
    }

    /** Over the JDK's {@link HttpClient}. */
    final class Jdk implements ApiTransport {
        private final Supplier<HttpClient> client;
        private final HttpSettings settings;

        public Jdk(Supplier<HttpClient> client, HttpSettings settings) {
            this.client = client;
            this.settings = settings;
        }

        @Override
        public Reply get(URI url, Map<String, String> headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(settings.requestTimeout())
                    .header("Accept", "application/json");
            headers.forEach(request::header);
            HttpResponse<byte[]> r = client.get().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        }

        @Override
        public Reply post(URI url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.requestTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<byte[]> r = client.get().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        }
    }

    /** Made on first use, once. */
    final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> make;
        private T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = make.get();
            }
            return value;
        }
    }
}
