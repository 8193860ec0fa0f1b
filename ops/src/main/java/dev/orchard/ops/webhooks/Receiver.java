package dev.orchard.ops.webhooks;

import dev.orchard.ops.config.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one receiver its deliveries, oldest first, one request at a time (so a receiver sees an event's stages
 * in order): a 2xx settles the delivery; anything else is retried after {@link Backoff}, for up to
 * {@code give_up_hours}. New events do not cut a backoff short. Runs on the dispatcher's one scheduler thread;
 * the HTTP exchange itself is asynchronous, so a slow receiver holds no thread.
 */
final class Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

    private final Webhook hook;
    private final URI uri;
    private final WebhookSignature signature;
    private final Outbox outbox;
    private final ScheduledExecutorService scheduler;
    private final HttpClient client;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final Backoff backoff;
    private boolean sending;
    private ScheduledFuture<?> retry;
    private boolean closed;
    private String headId;
    private int attempts;
    private int failures;

    Receiver(Webhook hook, String secret, Outbox outbox, ScheduledExecutorService scheduler, WebhookMetrics metrics,
             Clock clock) {
        this.hook = hook;
        this.uri = URI.create(hook.url());
        this.signature = new WebhookSignature(secret);
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofMillis(hook.retryFirstMs()), Duration.ofSeconds(hook.retryMaxSeconds()));
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(hook.timeoutSeconds()))
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect would resend the signed body elsewhere
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Webhook hook() {
        return hook;
    }

    /** Something was queued: send it unless a request is in flight or a backoff is running. Any thread. */
    void wake() {
        try {
            scheduler.execute(() -> {
                if (!sending && retry == null && !closed) {
                    next();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the dispatcher is stopping: what waits is in the outbox for the next start
        }
    }

    private void next() {
        Delivery d;
        while ((d = outbox.head(hook.url())) != null) {
            if (clock.instant().isAfter(d.queuedAt().plus(Duration.ofHours(hook.giveUpHours())))) {
                if (outbox.settle(d.receiver(), d.id(), WebhookMetrics.Outcome.EXPIRED)) {
                    LOG.warn("webhooks: gave up delivering {} {} to {} after {} hours", d.type(), d.id(),
                            printable(hook.url()), hook.giveUpHours());
                }
                continue;
            }
            send(d);
            return;
        }
    }

    private void send(Delivery d) {
        if (!d.id().equals(headId)) {
            headId = d.id();
            attempts = 0;
        }
        attempts++;
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(hook.timeoutSeconds()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Orchard-Webhooks/1")
                .header("Orchard-Event-Id", d.id())
                .header("Orchard-Event-Type", d.type())
                .header("Orchard-Attempt", Integer.toString(attempts))
                .header(WebhookSignature.HEADER, signature.header(now, d.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
        sending = true;
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenCompleteAsync((response, error) -> answered(d, response, error), scheduler);
    }

    private void answered(Delivery d, HttpResponse<Void> response, Throwable error) {
        sending = false;
        if (closed) {
            return;
        }
        if (response != null && response.statusCode() / 100 == 2) {
            metrics.attempted(WebhookMetrics.Attempt.OK);
            outbox.settle(d.receiver(), d.id(), WebhookMetrics.Outcome.DELIVERED);
            if (failures > 0) {
                LOG.info("webhooks: {} answers again after {} failed attempts; {} deliveries waiting",
                        printable(hook.url()), failures, outbox.waiting());
            }
            failures = 0;
            next();
            return;
        }
        WebhookMetrics.Attempt outcome = response != null ? WebhookMetrics.Attempt.HTTP_ERROR : classify(error);
        metrics.attempted(outcome);
        failures++;
        Duration wait = backoff.after(failures);
        String why = response != null ? "HTTP " + response.statusCode() : describe(error);
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn("webhooks: {} failed ({}), attempt {} of {} {}; retrying in {} ms", printable(hook.url()), why,
                    attempts, d.type(), d.id(), wait.toMillis());
        } else {
            LOG.debug("webhooks: {} failed ({}); retrying in {} ms", printable(hook.url()), why, wait.toMillis());
        }
        retry = scheduler.schedule(() -> {
            retry = null;
            if (!closed) {
                next();
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() {
        scheduler.execute(() -> { // before the scheduler's shutdown, by the dispatcher
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
        });
    }

    private static WebhookMetrics.Attempt classify(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)) {
            return WebhookMetrics.Attempt.TIMEOUT;
        }
        return WebhookMetrics.Attempt.UNREACHABLE;
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || e instanceof IOException && m.isBlank() ? "" : ": " + m);
    }

    /** The URL without its query: a receiver may take a token there, and log lines are read by many. */
    static String printable(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }
}
