package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a Mac's erase flow (docs/mdm.md, "The erase flow"): the whole state of the flow after the
 * step, so that replay keeps the newest record per Mac and nothing else. A command's CommandUUID is
 * journaled with {@code handedOver == false} before it goes to the MDM and again with {@code true} once the
 * MDM took it: after a restart the first means "send the same command again, with the same UUID", the
 * second "wait for its answer".
 *
 * @param flowId      one erase request of this Mac (a later request of the same Mac has another)
 * @param stage       where the flow is, a wire name of {@code dev.orchard.ops.mdm.EraseStage}
 * @param udid        the Mac's UDID at the MDM
 * @param workflow    the workflow the agent runs after the Mac is set up again, or null
 * @param command     Apple's RequestType of the command in flight, or null
 * @param commandUuid its CommandUUID, or null
 * @param handedOver  true once the MDM accepted the command in flight
 * @param facts       what the Mac's DeviceInformation and SecurityInfo answers said (Apple's key names)
 * @param reason      for the stages refused, failed and timed-out: a wire name of
 *                    {@code dev.orchard.ops.mdm.EraseReason}; else null
 * @param detail      a sentence for people: the refusal, the error the Mac sent, what is awaited
 * @param stageSince  when the flow entered {@code stage} (timeouts count from it)
 */
public record EraseStep(String mac, String flowId, String stage, String udid, String workflow, String command,
                        String commandUuid, boolean handedOver, Map<String, String> facts, String reason,
                        String detail, Instant stageSince, Instant receivedAt) implements JournalRecord {

    public EraseStep {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(stageSince, "stageSince");
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    @Override
    public EraseStep receivedAt(Instant when) {
        return new EraseStep(mac, flowId, stage, udid, workflow, command, commandUuid, handedOver, facts, reason,
                detail, stageSince, when);
    }
}
