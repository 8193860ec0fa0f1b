package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent reads the JSON examples of docs/agent-api.md as written, and writes events with exactly its fields. */
class ContractExamplesTest {

    private static final ObjectMapper JSON = ApiJson.mapper();

    static List<String> jsonBlocks() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "agent-api.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static String block(String containing) throws IOException {
        return jsonBlocks().stream().filter(b -> b.contains(containing)).findFirst().orElseThrow();
    }

    @Test
    void theDocumentedPlanParses() throws IOException {
        Plan plan = JSON.readValue(block("\"action\": \"restore\"").replace("\"…\"", "\"" + "ab".repeat(32) + "\""), Plan.class);

        assertThat(plan.actionKind()).isEqualTo(Plan.Action.RESTORE);
        assertThat(plan.machine().mac()).isEqualTo("00:1b:63:84:45:e6");
        assertThat(plan.restore().methodKind()).isEqualTo(RestoreSpec.Method.BLOCK);
        assertThat(plan.restore().size()).isEqualTo(268435456L);
        assertThat(plan.workflow().steps()).extracting(WorkflowStep::kind).containsExactly(WorkflowStep.Kind.PACKAGE,
                WorkflowStep.Kind.SCRIPT, WorkflowStep.Kind.PROFILE, WorkflowStep.Kind.COMPUTER_NAME, WorkflowStep.Kind.LOCALIZE);
        assertThat(plan.workflow().steps().get(1).timeoutOrDefault()).isEqualTo(600);
        assertThat(plan.rebootWanted()).isTrue();
        assertThat(plan.validated()).isSameAs(plan);
    }

    @Test
    void theDocumentedManifestParses() throws IOException {
        Manifest manifest = ManifestJson.read(block("\"chunks\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(manifest.size()).isEqualTo(268435456L);
        assertThat(manifest.chunkSize()).isEqualTo(4194304L);
        assertThat(manifest.etag()).isEqualTo("\"5f3a2c1b-10000000\"");
        assertThat(manifest.chunks()).hasSize(2);
        assertThat(manifest.chunk(1).offset()).isEqualTo(4194304L);
    }

    @Test
    void theStreamingManifestReaderSkipsWhatItDoesNotKnow() throws IOException {
        Manifest m = ManifestJson.read(("{\"future\":{\"a\":[1,2]},\"name\":\"x\",\"size\":5,\"sha256\":null,\"chunkSize\":4,"
                + "\"etag\":\"\\\"e\\\"\",\"chunks\":[{\"index\":0,\"offset\":0,\"length\":4,\"sha256\":\"a\",\"x\":[{}]},"
                + "{\"index\":1,\"offset\":4,\"length\":1,\"sha256\":\"b\"}],\"more\":true}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(m.name()).isEqualTo("x");
        assertThat(m.sha256()).isNull();
        assertThat(m.etag()).isEqualTo("\"e\"");
        assertThat(m.chunks()).containsExactly(new ManifestChunk(0, 0, 4, "a"), new ManifestChunk(1, 4, 1, "b"));
    }

    @Test
    void eventsCarryExactlyTheDocumentedFields() throws IOException {
        JsonNode documented = JSON.readTree(block("\"seq\": 12"));
        AgentEvent event = new AgentEvent(12, "run-1", Stage.RESTORE, "script:hello", EventResult.PROGRESS, 1L, 2L, "m", "t");

        assertThat(names(JSON.valueToTree(event))).isEqualTo(union(names(documented), Set.of("runId")));
        assertThat(JSON.valueToTree(event).get("stage").asText()).isEqualTo("restore");
        assertThat(JSON.valueToTree(event).get("result").asText()).isEqualTo("progress");
    }

    @Test
    void optionalEventFieldsAreLeftOutAndLongMessagesKeepTheirTail() {
        AgentEvent event = new AgentEvent(1, null, Stage.DONE, null, EventResult.SUCCEEDED, null, null, "x".repeat(5000) + "END", "t");

        JsonNode json = JSON.valueToTree(event);
        assertThat(names(json)).containsExactlyInAnyOrder("seq", "stage", "result", "message", "at");
        assertThat(event.message()).hasSize(AgentEvent.MAX_MESSAGE).endsWith("END").startsWith("…");
    }

    @Test
    void unknownResponseFieldsAreIgnored() throws IOException {
        Plan plan = JSON.readValue("{\"action\":\"none\",\"futureField\":{\"a\":1},\"machine\":{\"mac\":\"00:1b:63:84:45:e6\",\"x\":2}}", Plan.class);

        assertThat(plan.actionKind()).isEqualTo(Plan.Action.NONE);
        assertThat(plan.validated()).isSameAs(plan);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
