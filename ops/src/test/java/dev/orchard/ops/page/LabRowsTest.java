package dev.orchard.ops.page;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.mdm.EraseStage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row's rate and time left come from the agent's own progress reports of the current stage as the server
 * received them: bytes over seconds within the window, nothing once the stage ended, and the machine page's
 * stages carry start, end and duration.
 */
class LabRowsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final String MAC = "00:1b:63:00:00:09";

    @Test
    void rateAndEtaFromTheProgressReportsOfTheCurrentStage() {
        List<JournalRecord> h = List.of(
                event(0, Stage.RESTORE, EventResult.STARTED, 0L, 0),
                event(1, Stage.RESTORE, EventResult.PROGRESS, 100_000_000L, 2_000),
                event(2, Stage.RESTORE, EventResult.PROGRESS, 300_000_000L, 4_000));
        Map<String, Object> row = LabRows.row(status(h, EventResult.PROGRESS, 300_000_000L), null);
        assertThat((Double) row.get("throughput")).isEqualTo(75_000_000.0); // 300 MB in 4 s
        assertThat((Double) row.get("eta")).isEqualTo(700_000_000.0 / 75_000_000.0);

        MachineStatus ended = status(List.of(h.get(0), h.get(1), event(3, Stage.RESTORE, EventResult.SUCCEEDED,
                1_000_000_000L, 9_000)), EventResult.SUCCEEDED, 1_000_000_000L);
        assertThat(LabRows.row(ended, null).get("throughput")).as("no rate once the stage ended").isNull();

        List<Map<String, Object>> runs = MachineHistory.runs(ended);
        assertThat(runs).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) runs.get(0).get("stages");
        assertThat(stages).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("stage", "restore").containsEntry("result", "succeeded")
                    .containsEntry("durationMs", 9_000L).containsEntry("started", T0.toString());
        });
    }

    /**
     * Every stage of the MDM erase flow shows on the row and in the history by its wire name, whatever the
     * stages are (a stage added to the flow renders with no change to the page); the stages that end the flow
     * without the Mac set up mark the row failed, with the reason and the detail.
     */
    @Test
    void everyEraseStageShowsOnTheRowAndInTheHistory() {
        for (EraseStage stage : EraseStage.values()) {
            boolean failed = stage.terminal() && stage != EraseStage.DONE;
            EraseStep step = new EraseStep(MAC, "flow-1", stage.wireName(), "UDID-1", null, "EraseDevice", "uuid-1", true,
                    Map.of(), failed ? "no-answer" : null, "detail of " + stage.wireName(), T0, T0.plusSeconds(1));
            MachineStatus m = new MachineStatus(MAC, "C02X", "Mac14,2", "m-1", "apple-silicon", "erase", null, null,
                    null, null, null, null, null, null, T0, Map.of(), List.of(step), List.of(), null, step, null, null);
            Map<String, Object> row = LabRows.row(m, null);
            @SuppressWarnings("unchecked")
            Map<String, Object> erase = (Map<String, Object>) row.get("erase");
            assertThat(erase).as(stage.name()).containsEntry("stage", stage.wireName())
                    .containsEntry("ended", stage.terminal()).containsEntry("failed", failed)
                    .containsEntry("detail", "detail of " + stage.wireName());
            assertThat(row.get("failed")).as("%s: the row failed", stage).isEqualTo(failed);
            assertThat(MachineHistory.records(m)).as(stage.name()).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("kind", "erase").containsEntry("stage", stage.wireName())
                    .extractingByKey("text").asString().contains(stage.wireName(), "detail of " + stage.wireName()));
        }
    }

    private static MachineEvent event(long seq, Stage stage, EventResult result, Long done, long atMillis) {
        return new MachineEvent(MAC, "run-1", seq, stage, null, result, done, 1_000_000_000L, null, null,
                T0.plusMillis(atMillis));
    }

    private static MachineStatus status(List<JournalRecord> history, EventResult result, long done) {
        return new MachineStatus(MAC, null, null, null, null, null, "run-1", Stage.RESTORE, null, result, done,
                1_000_000_000L, 100.0 * done / 1_000_000_000L, null, T0, Map.of(), history, List.of(), null, null, null, null);
    }
}
