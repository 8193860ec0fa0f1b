package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.mdmsim.WebhookDelivery;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test's side of an erased Mac after the MDM handed it the agent's package: the agent, in full macOS, is let
 * in with the one-time code the flow's enrollment profile left in the Mac's managed preferences (docs/mdm.md,
 * "Letting the agent in"; read with the agent's own reader), fetches its plan and reports events over the real
 * agent API, as {@code AgentReports} follows them. ({@code EraseEndToEndIT} runs the real agent instead.) And the story of a Mac as the
 * stub's webhook told it to the server.
 */
final class ErasedMacAgent {

    private final EraseLab lab;
    private final EraseLab.LabMac mac;
    private String token;
    private String events;
    private long seq;

    ErasedMacAgent(EraseLab lab, EraseLab.LabMac mac) {
        this.lab = lab;
        this.mac = mac;
    }

    /** Reads the code from the Mac's managed preferences and fetches the plan; returns it (the workflow alone). */
    JsonNode plan() throws Exception {
        String code = dev.orchard.agent.cli.ManagedPreferences.read(lab.agentPreferences(mac)).enrollmentCode();
        HttpResponse<String> p = lab.send("GET", "/api/v1/plan?mac=" + mac.mac() + "&serial=" + mac.serial()
                + "&model=" + EraseLab.MODEL, null, null, Map.of("X-Orchard-Ticket", code,
                "X-Orchard-Claim", UUID.randomUUID().toString()));
        if (p.statusCode() != 200) {
            throw new AssertionError("plan for " + mac + ": " + p.statusCode() + " " + p.body());
        }
        JsonNode plan = ServeFixture.JSON.readTree(p.body());
        token = plan.get("token").asText();
        events = plan.get("events").asText();
        return plan;
    }

    /** Posts one event with the run token (202 expected: durable in the journal). */
    void report(String stage, String result) throws Exception {
        HttpResponse<String> r = lab.send("POST", events, token, ServeFixture.event(++seq, null, stage, result, null,
                null), Map.of());
        if (r.statusCode() != 202) {
            throw new AssertionError("event " + stage + " " + result + ": " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * What the server was told about {@code udid} by the webhook from delivery {@code from} on, one line per
     * event: {@code <RequestType> <Status>} for a command report, the topic for a check-in, {@code lost …} for
     * an event the stub dropped. Idle reports (a connection with nothing to answer) are left out.
     */
    static List<String> story(EraseLab lab, String udid, int from) throws Exception {
        List<String> out = new ArrayList<>();
        List<WebhookDelivery> all = lab.stub.webhooks();
        for (WebhookDelivery d : all.subList(from, all.size())) {
            if (!d.udid().equals(udid)) {
                continue;
            }
            String line;
            if (d.topic().equals("mdm.Connect")) {
                String status = ServeFixture.JSON.readTree(d.body()).get("acknowledge_event").get("status").asText();
                if (d.commandUuid().isEmpty()) {
                    continue;
                }
                String type = lab.stub.enqueued(udid).stream().filter(c -> c.commandUuid().equals(d.commandUuid()
                        .get())).map(c -> c.requestType()).findFirst().orElse("?");
                line = type + " " + status;
            } else {
                line = d.topic();
            }
            if (d.outcome() == WebhookDelivery.Outcome.LOST) {
                line = "lost " + line;
            } else if (!d.accepted()) {
                line = "refused(" + d.httpStatus() + ") " + line;
            }
            out.add(line);
        }
        return out;
    }
}
