package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BSDP storm for benchmarks, over one socket, in two modes.
 *
 * <p>Steady (default): {@code --macs} simulated Macs, each with its own MAC and ciaddr, take turns doing
 * INFORM[LIST] then INFORM[SELECT] of the default as fast as the server answers, with {@code --concurrency}
 * requests in flight at any moment (a closed loop: a reply immediately frees its slot for the next Mac).
 * Latency is request to reply. A request unanswered within {@code --timeout-ms} is a drop (no
 * retransmission here, so losses show). Prints
 * {@code bsdp-bench macs=<n> replies_per_s=<x> p50_ms=<y> p99_ms=<z> drops=<d>}.
 *
 * <p>Burst ({@code --burst}): all Macs power on at the same instant and boot once (LIST, choose, SELECT)
 * with the firmware's retransmissions (2 s timeout, 4 attempts). Prints
 * {@code bsdp-burst macs=<n> all_booted_ms=<t> failed=<f>}.
 *
 * <pre>
 * java -cp orchard.jar dev.orchard.bsdp.client.BsdpStorm --server 127.0.0.1:67 --bind 0.0.0.0:68 \
 *      --macs 1000 --concurrency 32 --seconds 10 --ciaddr-base 127.1.0.0
 * </pre>
 */
public final class BsdpStorm {

    private final BsdpClient client;
    private final List<SimulatedMac> macs;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong allReplies = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong failedAcks = new AtomicLong();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);

    private BsdpStorm(BsdpClient client, List<SimulatedMac> macs) {
        this.client = client;
        this.macs = macs;
    }

    public static void main(String[] args) throws Exception {
        String server = "127.0.0.1:67";
        String bind = "0.0.0.0:68";
        int count = 1000;
        int seconds = 10;
        int warmup = 3;
        int timeoutMs = 1000;
        String base = "127.1.0.0";
        int concurrency = 32;
        boolean burst = false;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--burst")) {
                burst = true;
                i--;
                continue;
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                case "--server" -> server = v;
                case "--bind" -> bind = v;
                case "--macs" -> count = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
                case "--ciaddr-base" -> base = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BsdpClientConfig config = burst
                ? new BsdpClientConfig(socket(bind), socket(server), OptionalInt.empty(), Duration.ofSeconds(2), 4, Duration.ZERO)
                : new BsdpClientConfig(socket(bind), socket(server), OptionalInt.empty(), Duration.ofMillis(timeoutMs), 1,
                        Duration.ZERO);
        List<SimulatedMac> macs = new ArrayList<>(count);
        int baseIp = Ipv4.toInt(Ipv4.parse(base));
        for (int i = 0; i < count; i++) {
            macs.add(SimulatedMac.intel(new MacAddress(0x020000000000L + i), Ipv4.of(baseIp + 1 + i), "iMac18," + (1 + i % 3)));
        }
        try (BsdpClient client = BsdpClient.open(config)) {
            BsdpStorm storm = new BsdpStorm(client, macs);
            System.out.println(burst ? storm.burst()
                    : storm.run(Math.min(concurrency, count), Duration.ofSeconds(warmup), Duration.ofSeconds(seconds)));
        }
    }

    private String run(int concurrency, Duration warmup, Duration measure) throws Exception {
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int slot = 0; slot < concurrency; slot++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            cycle(slot, concurrency, slot, done);
        }
        Thread.sleep(warmup.toMillis());
        recording.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        recording.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return String.format(Locale.ROOT, "bsdp-bench macs=%d replies_per_s=%.0f p50_ms=%.2f p99_ms=%.2f drops=%d"
                        + " concurrency=%d failed_acks=%d stray=%d total_replies=%d", macs.size(), replies.get() / elapsed,
                latency.quantileMillis(0.50), latency.quantileMillis(0.99), drops.get(), concurrency, failedAcks.get(),
                client.strayReplies(), allReplies.get());
    }

    /** Every Mac boots once, all starting at the same instant, with the firmware's retransmissions. */
    private String burst() throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<SelectAck>> boots = macs.stream().map(client::boot).toList();
        long failed = 0;
        for (CompletableFuture<SelectAck> b : boots) {
            try {
                if (b.get(60, TimeUnit.SECONDS).failed()) {
                    failed++;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
            }
        }
        return String.format(Locale.ROOT, "bsdp-burst macs=%d all_booted_ms=%.0f failed=%d stray=%d", macs.size(),
                (System.nanoTime() - start) / 1e6, failed, client.strayReplies());
    }

    /** One slot's loop: LIST then SELECT for Mac {@code index}, then the slot moves on to the Mac {@code step} further. */
    private void cycle(int index, int step, int slot, CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        SimulatedMac mac = macs.get(index % macs.size());
        int next = (index + step) % macs.size();
        long t0 = System.nanoTime();
        client.list(mac).whenComplete((offers, listError) -> {
            if (listError != null || offers.isEmpty() || offers.get(0).defaultImage().isEmpty()) {
                count(listError != null, 0);
                cycle(next, step, slot, done);
                return;
            }
            count(false, System.nanoTime() - t0);
            ListOffer offer = offers.get(0);
            long t1 = System.nanoTime();
            client.select(mac, offer, offer.defaultImage().get()).whenComplete((ack, selectError) -> {
                count(selectError != null, System.nanoTime() - t1);
                if (ack != null && ack.failed()) {
                    failedAcks.incrementAndGet();
                }
                cycle(next, step, slot, done);
            });
        });
    }

    private void count(boolean dropped, long nanos) {
        if (!dropped) {
            allReplies.incrementAndGet();
        }
        if (!recording.get()) {
            return;
        }
        if (dropped) {
            drops.incrementAndGet();
        } else {
            replies.incrementAndGet();
            latency.record(nanos);
        }
    }

    private static InetSocketAddress socket(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
