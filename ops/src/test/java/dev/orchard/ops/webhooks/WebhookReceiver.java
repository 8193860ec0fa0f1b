package dev.orchard.ops.webhooks;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver for tests: the JDK's HTTP server on 127.0.0.1, answering every POST with the status set
 * now ({@link #answer}), recording each request's headers and exact body bytes. {@link #stop} closes the port
 * (connections are then refused); {@link #start} on the same port brings it back.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, and what it was answered. */
    public record Received(Map<String, List<String>> headers, byte[] body, int status) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private int port;
    private HttpServer server;

    private WebhookReceiver(int port) {
        this.port = port;
    }

    /** A receiver listening on a free port of 127.0.0.1. */
    public static WebhookReceiver start(int status) throws IOException {
        WebhookReceiver r = new WebhookReceiver(0);
        r.answer(status);
        return r.listen(0);
    }

    /** A receiver that is down: nothing listens on its port until {@link #listen}. */
    public static WebhookReceiver down(int port) {
        return new WebhookReceiver(port);
    }

    /** Listens again on {@code port} (0: the receiver's own port). */
    public synchronized WebhookReceiver listen(int port) throws IOException {
        int p = port != 0 ? port : this.port;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 16);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int s = status.get();
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, s));
            exchange.sendResponseHeaders(s, -1);
            exchange.close();
        });
        server.start();
        this.port = server.getAddress().getPort();
        return this;
    }

    public WebhookReceiver answer(int s) {
        status.set(s);
        return this;
    }

    public synchronized int port() {
        return server != null ? server.getAddress().getPort() : port;
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/orchard-hook";
    }

    /** Closes the listening socket: from now on connections are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests answered 2xx, in arrival order. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
