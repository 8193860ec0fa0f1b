package dev.orchard.ops.lab;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.client.BootChoice;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The firmware's BSDP exchange (spec §4): INFORM[LIST], the unattended choice (a binding, else the
 * highest priority and its default), INFORM[SELECT], ACK[SELECT]. Checked against the expectation:
 * silence when the policy offers no NBI; otherwise exactly the offered NBIs, the expected default,
 * and an ACK[SELECT] naming the image with a boot file.
 */
final class BsdpStep {

    /** What ACK[SELECT] gave: the image booted (from the lab's catalog) and the reply itself. */
    record Booted(NbImage image, SelectAck ack) {
    }

    private final BsdpClient client;
    private final NbiFiles nbis;
    private final Duration patience;

    BsdpStep(BsdpClient client, NbiFiles nbis, Duration timeout, int attempts) {
        this.client = client;
        this.nbis = nbis;
        // the client fails a request itself after its attempts; this only guards against a lost future
        this.patience = timeout.multipliedBy(attempts).plusSeconds(10);
    }

    /** Empty when the server stayed silent as expected. */
    Optional<Booted> run(LabMachine mac, Expectation expected) throws LabFailure, InterruptedException {
        SimulatedMac sim = SimulatedMac.intel(new MacAddress(mac.mac().value()), mac.ciaddr(), mac.model());
        List<ListOffer> offers;
        try {
            offers = await(client.list(sim));
        } catch (TimeoutException silent) {
            if (!expected.netboots()) {
                return Optional.empty();
            }
            throw new LabFailure(Stage.BSDP, "no ACK[LIST]; the policy offers " + expected.offeredNbis()
                    + " (rule " + ruleOf(expected) + ")");
        }
        if (!expected.netboots()) {
            throw new LabFailure(Stage.BSDP, "the server answered INFORM[LIST] with " + names(offers)
                    + ", but the policy offers this Mac no NBI (rule " + ruleOf(expected) + ")");
        }
        BootChoice choice = BootChoice.choose(offers).orElseThrow(() -> new LabFailure(Stage.BSDP,
                "ACK[LIST] without a default image: " + names(offers)));
        checkOffer(choice, expected);
        SelectAck ack;
        try {
            ack = await(client.select(sim, choice.offer(), choice.image()));
        } catch (TimeoutException e) {
            throw new LabFailure(Stage.BSDP, "no answer to INFORM[SELECT] of image " + choice.image());
        }
        if (ack.failed()) {
            throw new LabFailure(Stage.BSDP, "ACK[FAILED] for image " + choice.image() + " ("
                    + expected.defaultNbi() + ")");
        }
        if (!ack.bsdp().selectedImage().equals(Optional.of(choice.image()))) {
            throw new LabFailure(Stage.BSDP, "ACK[SELECT] names image " + ack.bsdp().selectedImage()
                    .map(BootImageId::toString).orElse("none") + ", the Mac selected " + choice.image());
        }
        if (ack.bootFile() == null || ack.bootFile().isEmpty()) {
            throw new LabFailure(Stage.BSDP, "ACK[SELECT] has no boot file");
        }
        return Optional.of(new Booted(nbis.byId(choice.image()).orElseThrow(), ack));
    }

    private void checkOffer(BootChoice choice, Expectation expected) throws LabFailure {
        NbImage chosen = nbis.byId(choice.image()).orElseThrow(() -> new LabFailure(Stage.BSDP,
                "the default image " + choice.image() + " is not in the NBI folders the configuration names"));
        if (!NbiFiles.isCalled(chosen, expected.defaultNbi())) {
            throw new LabFailure(Stage.BSDP, "default image is '" + chosen.name() + "', the policy's is '"
                    + expected.defaultNbi() + "' (rule " + ruleOf(expected) + ")");
        }
        List<BootImage> listed = choice.offer().images();
        boolean same = listed.size() == expected.offeredNbis().size() && expected.offeredNbis().stream().allMatch(n ->
                listed.stream().anyMatch(b -> nbis.byId(b.id()).filter(i -> NbiFiles.isCalled(i, n)).isPresent()));
        if (!same) {
            throw new LabFailure(Stage.BSDP, "ACK[LIST] offers " + listed.stream().map(BootImage::name).toList()
                    + ", the policy " + expected.offeredNbis());
        }
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f)
            throws TimeoutException, LabFailure, InterruptedException {
        try {
            return f.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException t) {
                throw t;
            }
            throw new LabFailure(Stage.BSDP, "BSDP exchange failed: " + e.getCause(), e.getCause());
        }
    }

    private static String names(List<ListOffer> offers) {
        return offers.stream().flatMap(o -> o.images().stream()).map(BootImage::name)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String ruleOf(Expectation e) {
        return e.bsdp().rule() == null ? "none matched" : "'" + e.bsdp().rule().name() + "'";
    }
}
