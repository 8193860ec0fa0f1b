package dev.orchard.http.server;

import dev.orchard.http.spi.AdminPort;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.EventsPort;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.ExplainQuery;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineEvent;
import dev.orchard.http.spi.MachineQuery;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.Plan;
import dev.orchard.http.spi.PlanAction;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanMachine;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.http.spi.RestoreMethod;
import dev.orchard.http.spi.RestoreStep;
import dev.orchard.http.spi.TokenCheck;
import dev.orchard.http.spi.Workflow;
import dev.orchard.http.spi.WorkflowStep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Recording fakes of the API ports (ops implements the real ones). */
final class FakePorts {

    static final String KNOWN_MAC = "00:1b:63:84:45:e6";
    static final String FAILING_MAC = "00:1b:63:84:45:ff";
    /** Its events are refused by the port as invalid (as the journal refuses what it cannot take). */
    static final String REFUSING_MAC = "00:1b:63:84:45:fe";

    private FakePorts() {
    }

    static Plan plan(String mac) {
        return new Plan(Plan.VERSION, new PlanMachine(mac, "C02XK0AAJG5J", "iMac18,1", "lab-C02XK0AAJG5J"),
                PlanAction.RESTORE, "art-room-imacs", RUN, token(mac), Plan.eventsUrl(mac),
                new RestoreStep("lab-base.img", "/images/lab-base.img", "/images/lab-base.img/manifest", 268435456L,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 4194304, RestoreMethod.BLOCK),
                null, new Workflow("lab-standard", List.of(
                        new WorkflowStep.Script("hello", "#!/bin/sh\necho hello C02XK0AAJG5J\n", null, 600),
                        new WorkflowStep.ComputerName("computer-name", "lab-C02XK0AAJG5J"))),
                true);
    }

    /** The run every fake plan starts. */
    static final String RUN = "0123456789abcdef0123456789abcdef";

    /** A claim the fake plan port refuses as already claimed (409). */
    static final String TAKEN_CLAIM = "claimed-by-someone-else";

    static String token(String mac) {
        return "tok-" + mac;
    }

    /** Plans for {@link #KNOWN_MAC} (and the failing one), no policy for anyone else. */
    static final PlanPort PLANS = q -> q.credentials().claim().filter(TAKEN_CLAIM::equals).isPresent()
            ? new PlanDecision.Refused(409, "this boot's ticket was claimed by another agent run")
            : q.mac().equals(KNOWN_MAC) || q.mac().equals(FAILING_MAC)
            ? new PlanDecision.Found(plan(q.mac()))
            : new PlanDecision.NoPolicy("no policy applies to " + q.mac());

    static final MachineTokens TOKENS = (mac, token) -> {
        if (token.equals(token(mac))) {
            return TokenCheck.valid(RUN);
        }
        return TokenCheck.refused(token.startsWith("tok-") ? TokenCheck.Refusal.OTHER_MACHINE
                : TokenCheck.Refusal.INVALID);
    };

    /**
     * Records events; completes 300 ms later (durability is asynchronous); fails for {@link #FAILING_MAC}, refuses
     * as invalid for {@link #REFUSING_MAC}.
     */
    static final class RecordingEvents implements EventsPort {
        final List<Map.Entry<String, MachineEvent>> events = new CopyOnWriteArrayList<>();
        final List<Long> durableAtNanos = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-journal");
            t.setDaemon(true);
            return t;
        });

        @Override
        public CompletionStage<Void> record(String mac, MachineEvent event) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            timer.schedule(() -> {
                if (mac.equals(FAILING_MAC)) {
                    durable.completeExceptionally(new java.io.IOException("disk full"));
                    return;
                }
                if (mac.equals(REFUSING_MAC)) {
                    durable.completeExceptionally(new InvalidRequestException("the journal cannot take this event"));
                    return;
                }
                events.add(Map.entry(mac, event));
                durableAtNanos.add(System.nanoTime());
                durable.complete(null);
            }, 300, TimeUnit.MILLISECONDS);
            return durable;
        }
    }

    static final class FixedAdmin implements AdminPort {
        volatile boolean reloadWorks = true;
        volatile MachineQuery lastQuery;
        volatile ExplainQuery lastExplain;

        static Map<String, Object> known() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mac", KNOWN_MAC);
            m.put("name", "lab-1");
            m.put("serial", "C02XK0AAJG5J");
            m.put("lastSeen", "2026-11-25T18:00:00Z");
            m.put("lastEvents", List.of());
            return m;
        }

        @Override
        public Map<String, Object> machines(MachineQuery query) {
            lastQuery = query;
            if (query.group().isPresent() && !query.group().get().equals("art")) {
                throw new InvalidRequestException("unknown group '" + query.group().get() + "'; groups: art");
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("machines", List.of(known()));
            page.put("nextCursor", null);
            page.put("next", null);
            return page;
        }

        @Override
        public Optional<Map<String, Object>> machine(String mac) {
            return mac.equals(KNOWN_MAC) ? Optional.of(known()) : Optional.empty();
        }

        @Override
        public Map<String, Object> explain(ExplainQuery query) {
            lastExplain = query;
            if (query.ip().isPresent() && !query.ip().get().matches("[0-9.]+")) {
                throw new InvalidRequestException("'" + query.ip().get() + "' is not an IPv4 address");
            }
            return Map.of("machine", Map.of("mac", query.mac()), "action", "restore");
        }

        @Override
        public List<ImageManifest> images() {
            return List.of();
        }

        @Override
        public AdminResult reloadPolicy() {
            return reloadWorks ? AdminResult.ok("policy reloaded: 3 rules")
                    : AdminResult.failed("orchard.yaml:12: unknown image 'x'; the running policy stays");
        }

        @Override
        public AdminResult rescanImages() {
            return AdminResult.ok("2 images, 0 recomputed");
        }
    }
}
