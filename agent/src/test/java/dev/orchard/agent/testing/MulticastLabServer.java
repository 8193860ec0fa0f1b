package dev.orchard.agent.testing;

import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.multicast.ImageFileChunks;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastPort;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.http.spi.MulticastStep;
import dev.orchard.http.spi.MulticastStop;
import dev.orchard.http.spi.Plan;
import dev.orchard.http.spi.PlanAction;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanMachine;
import dev.orchard.http.spi.RestoreMethod;
import dev.orchard.http.spi.RestoreStep;
import dev.orchard.http.spi.TokenCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orchard's HTTP server and multicast sender as a process of its own, for tests that run it inside a network
 * namespace ({@code ip netns exec ns java -cp … MulticastLabServer …}): plans per MAC from the command line
 * ({@code MAC=IMAGE}), every plan streamed, tokens issued by a {@link RunIssuer}. It prints {@code READY <port>}
 * when it listens, and one line per agent event ({@code EVENT <mac> <stage>:<result> <message>}) and per
 * multicast report and stop, so the test reads what happened from its output.
 * <p>Arguments: {@code address imagesFolder chunkSize group port rateMbit idleStopMillis MAC=IMAGE…}.
 */
public final class MulticastLabServer {

    private MulticastLabServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long startNanos = System.nanoTime();
        InetAddress address = InetAddress.getByName(args[0]);
        Path images = Path.of(args[1]);
        int chunk = Integer.parseInt(args[2]);
        MulticastSettings settings = new MulticastSettings(InetAddress.getByName(args[3]), Integer.parseInt(args[4]), 1,
                Long.parseLong(args[5]) * 1_000_000L, Duration.ofMillis(Long.parseLong(args[6])), address);
        Map<String, String> imageOf = new ConcurrentHashMap<>();
        for (int i = 7; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            imageOf.put(kv[0], kv[1]);
        }
        ManifestStore manifests = new ManifestStore(chunk);
        RunIssuer runs = new RunIssuer();
        AtomicLong sent = new AtomicLong();
        MulticastMetrics metrics = new MulticastMetrics() {
            public void bytesSent(long bytes) {
                sent.addAndGet(bytes);
            }

            public void receiverJoined() {
            }

            public void streamStarted() {
                out.println("STREAM started");
            }

            public void streamStopped(MulticastStop why) {
                out.println("STREAM stopped " + why + " sent=" + sent.get());
            }

            public void receiverFinished(long m, long r, MulticastFallback f) {
                out.println("REPORT multicast=" + m + " repair=" + r + " fallback=" + f.wireName());
            }
        };
        MulticastPort multicast = new MulticastPort() {
            public Optional<MulticastSettings> settingsFor(String mac, String image) {
                return image.equals(imageOf.get(mac)) ? Optional.of(settings) : Optional.empty();
            }

            public ImageChunks open(String image) throws IOException {
                return ImageFileChunks.open(images, image, manifests);
            }

            public MulticastMetrics metrics() {
                return metrics;
            }
        };
        HttpPorts ports = HttpPorts.standalone().withMulticast(multicast)
                .withPlan(q -> {
                    String image = imageOf.get(q.mac());
                    if (image == null) {
                        return new PlanDecision.NoPolicy("no policy for " + q.mac());
                    }
                    try {
                        ImageManifest m = manifests.loadOrBuild(images, image, dev.orchard.http.manifest.ManifestProgress.NONE);
                        RunIssuer.Run run = runs.issue(q.mac());
                        String url = "/images/" + image;
                        RestoreStep step = new RestoreStep(image, url, url + "/manifest", m.size(), m.sha256(), m.chunkSize(),
                                RestoreMethod.BLOCK).withMulticast(MulticastStep.of(settings, m.sha256()));
                        return new PlanDecision.Found(new Plan(Plan.VERSION, new PlanMachine(q.mac(), null, null, null),
                                PlanAction.RESTORE, "lab", run.id(), run.token(), Plan.eventsUrl(q.mac()), step, null, null,
                                false));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .withTokens((mac, token) -> {
                    String run = runs.runOf(mac, token);
                    return run != null ? TokenCheck.valid(run) : TokenCheck.refused(TokenCheck.Refusal.INVALID);
                })
                .withEvents((mac, e) -> {
                    if (e.result().wireName().equals("failed") || e.message() != null && e.message().startsWith("multicast")
                            || e.stage().wireName().equals("done")) {
                        out.println("EVENT " + mac + " " + e.stage().wireName() + ":" + e.result().wireName() + " "
                                + (e.message() == null ? "" : e.message().replace('\n', ' ')) + " [at "
                                + (System.nanoTime() - startNanos) / 1_000_000 + " ms]");
                    }
                    return CompletableFuture.completedFuture(null);
                });
        HttpServerConfig config = HttpServerConfig.plain(new InetSocketAddress(address, 0),
                List.of(Mount.of("/images", images, MountKind.IMAGES))).withChunkSize(chunk);
        try (HttpImageServer server = HttpImageServer.start(config, ports)) {
            out.println("READY " + server.address().getPort());
            // runs until the test closes stdin or kills the process
            while (System.in.read() >= 0) {
                Thread.onSpinWait();
            }
        }
    }
}
