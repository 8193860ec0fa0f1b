package dev.orchard.ops.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * What the journal stores about machines. Each record is one JSON object in a checksummed frame
 * (see {@link SegmentFormat}); {@code kind} tells them apart.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MachineEvent.class, name = "event"),
        @JsonSubTypes.Type(value = MachineSeen.class, name = "seen"),
        @JsonSubTypes.Type(value = TicketIssued.class, name = "ticket"),
        @JsonSubTypes.Type(value = RunGranted.class, name = "grant"),
        @JsonSubTypes.Type(value = EraseStep.class, name = "erase"),
        @JsonSubTypes.Type(value = MdmDeviceLinked.class, name = "mdm-link"),
        @JsonSubTypes.Type(value = MachineForgotten.class, name = "forgotten"),
        @JsonSubTypes.Type(value = RerunRequested.class, name = "rerun"),
})
public sealed interface JournalRecord permits MachineEvent, MachineSeen, TicketIssued, RunGranted, EraseStep,
        MdmDeviceLinked, MachineForgotten, RerunRequested {

    /** The machine's MAC, lower-case colon form. */
    String mac();

    /** When the server received it (the journal's clock). */
    Instant receivedAt();

    /** A copy stamped with the server's receive time. */
    JournalRecord receivedAt(Instant when);
}
