package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.policy.Decision;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LabSummaryTest {

    @Test
    void quantilesAreNearestRank() {
        List<Duration> d = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            d.add(Duration.ofMillis(i));
        }
        assertThat(LabSummary.quantile(d, 0.50)).isEqualTo(Duration.ofMillis(100));
        assertThat(LabSummary.quantile(d, 0.99)).isEqualTo(Duration.ofMillis(198));
        assertThat(LabSummary.quantile(List.of(Duration.ofSeconds(3)), 0.99)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void summaryCountsStagesFailuresAndThroughput() throws Exception {
        List<MacResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean ok = i != 3;
            results.add(result(i, ok ? Action.RESTORE : Action.THIN, ok, Map.of(Stage.BSDP, Duration.ofMillis(10 + i),
                    Stage.TFTP, Duration.ofMillis(100 * (i + 1)))));
        }
        LabSummary s = LabSummary.of(results, Duration.ofSeconds(10), 2, 0);
        assertThat(s.succeeded()).isEqualTo(9);
        assertThat(s.allSucceeded()).isFalse();
        assertThat(s.expected()).containsEntry(Action.RESTORE, 9).containsEntry(Action.THIN, 1);
        assertThat(s.stages().get(Stage.TFTP).p50()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.stages().get(Stage.TFTP).p99()).isEqualTo(Duration.ofMillis(1000));
        assertThat(s.bytes()).isEqualTo(10L << 20);
        assertThat(s.mebibytesPerSecond()).isEqualTo(1.0);
        assertThat(s.failures()).extracting(r -> r.machine().index()).containsExactly(3);

        StringWriter text = new StringWriter();
        LabOutput.text(s, new PrintWriter(text));
        assertThat(text.toString()).contains("lab: 10 Macs, 9 reached their end state, 1 failed")
                .contains("restore 9").contains("thin 1").contains("tftp")
                .contains("FAILED mac-0003").contains("at tftp: tftp went wrong");

        StringWriter json = new StringWriter();
        LabOutput.json(new LabReport(LabSettings.defaults(10, java.nio.file.Path.of("/tmp")), null, results, s),
                new PrintWriter(json));
        JsonNode root = new ObjectMapper().readTree(json.toString());
        assertThat(root.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/ok").asBoolean()).isFalse();
        assertThat(root.at("/summary/stages/tftp/p99Ms").asDouble()).isEqualTo(1000.0);
        assertThat(root.at("/summary/failures/0/stage").asText()).isEqualTo("tftp");
        assertThat(root.at("/macs").size()).isEqualTo(10);
        assertThat(root.at("/macs/3/reason").asText()).isEqualTo("tftp went wrong");
        assertThat(root.at("/macs/0/expected/action").asText()).isEqualTo("restore");
        assertThat(root.at("/macs/0/stagesMs/bsdp").asDouble()).isEqualTo(10.0);
    }

    @Test
    void theDisplayDrawsBarsOnATerminalAndLinesElsewhere() {
        LabMachine mac = machine(0);
        ProgressBoard board = new ProgressBoard(List.of(expectation(Action.RESTORE), expectation(Action.NONE)));
        board.stageStarted(mac, Stage.BSDP);
        board.stageFinished(mac, Stage.BSDP, true);
        board.stageStarted(mac, Stage.TFTP);
        board.bytesReceived(3 << 20);
        List<String> ansi = ProgressDisplay.ansiLines(board.snapshot());
        assertThat(ansi.get(0)).contains("2 Macs").contains("3.0 MiB received");
        assertThat(ansi).anySatisfy(l -> assertThat(l).startsWith("bsdp").contains("[###############               ]")
                .contains("1/2"));
        assertThat(ansi).anySatisfy(l -> assertThat(l).startsWith("tftp").contains("0/1").contains("1 running"));
        assertThat(ansi.get(ansi.size() - 1)).startsWith("overall").contains("0/2");
        assertThat(ProgressDisplay.plainLine(board.snapshot())).contains("bsdp 1/2 tftp 0/1").contains("finished 0/2");

        StringWriter out = new StringWriter();
        try (ProgressDisplay d = ProgressDisplay.start(board, new PrintWriter(out), ProgressDisplay.Mode.ANSI)) {
            board.macFinished(new MacResult(mac, expectation(Action.RESTORE), false, Stage.TFTP, "boom", Map.of(), 0,
                    Duration.ZERO, null, 0, List.of()));
        }
        assertThat(out.toString()).contains("\033[2K").contains("FAILED mac-0000").contains("boom");
    }

    private static MacResult result(int i, Action action, boolean ok, Map<Stage, Duration> durations) {
        return new MacResult(machine(i), expectation(action), ok, ok ? null : Stage.TFTP, ok ? null : "tftp went wrong",
                durations, 1 << 20, Duration.ofSeconds(1), null, 0, List.of("done succeeded"));
    }

    static LabMachine machine(int i) {
        try {
            return new LabMachine(i, new MacAddress(0x001b63000000L + i), "C02TEST" + String.format("%05d", i),
                    "iMac18,1", (Inet4Address) InetAddress.getByName("127.77.0." + (i + 2)), null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Expectation expectation(Action action) {
        Decision d = new Decision(null, null, null, action, null, null, null, null, null,
                new Decision.BsdpAnswer(null, action, null), Set.of(), List.of());
        return new Expectation(action == Action.NONE ? List.of() : List.of("Orchard Restore"), action, "p", null, null,
                null, d, d);
    }
}
