package dev.orchard.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken plan or manifest fails before anything is touched, with a message naming the problem. */
class PlanValidationTest {

    private static final ObjectMapper JSON = ApiJson.mapper();
    private static final String SHA = "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"action\":\"reimage\"}|the plan's action 'reimage' is not one this agent knows",
            "{}|the plan has no action",
            "{\"action\":\"restore\",\"token\":\"t\",\"events\":\"/e\"}|action restore without a restore section",
            "{\"action\":\"restore\",\"events\":\"/e\",\"restore\":{\"url\":\"/i\",\"manifest\":\"/m\"}}|no token or events path",
            "{\"action\":\"restore\",\"token\":\"t\",\"events\":\"/e\",\"restore\":{\"url\":\"/i\"}}|a block restore needs the image's manifest url",
            "{\"action\":\"restore\",\"token\":\"t\",\"events\":\"/e\",\"restore\":{\"url\":\"/i\",\"method\":\"dd\"}}|restore method 'dd' is not one",
            "{\"action\":\"install\",\"token\":\"t\",\"events\":\"/e\",\"install\":{\"url\":\"/p\",\"sha256\":\"xyz\"}}|the installer needs a sha256 of 64 hex digits",
            "{\"action\":\"thin\",\"token\":\"t\",\"events\":\"/e\",\"workflow\":{\"steps\":[]}}|action thin without workflow steps",
            "{\"action\":\"thin\",\"token\":\"t\",\"events\":\"/e\",\"workflow\":{\"steps\":[{\"type\":\"partition\",\"name\":\"p\"}]}}|workflow step type 'partition' is not one this agent knows",
            "{\"action\":\"thin\",\"token\":\"t\",\"events\":\"/e\",\"workflow\":{\"steps\":[{\"type\":\"script\",\"name\":\"s\"}]}}|step script:s has no content",
            "{\"action\":\"thin\",\"token\":\"t\",\"events\":\"/e\",\"workflow\":{\"steps\":[{\"type\":\"localize\",\"name\":\"l\"}]}}|sets nothing",
    })
    void brokenPlansAreRejectedWithAClearMessage(String json, String message) throws Exception {
        Plan plan = JSON.readValue(json, Plan.class);

        assertThatThrownBy(plan::validated).isInstanceOf(PlanException.class).hasMessageContaining(message);
    }

    @Test
    void manifestsMustTileTheImageExactly() {
        ManifestChunk c0 = new ManifestChunk(0, 0, 10, SHA);
        assertThat(new Manifest("m", 15, SHA, 10, null, null, List.of(c0, new ManifestChunk(1, 10, 5, SHA))).validated()).isNotNull();

        assertThatThrownBy(() -> new Manifest("m", 15, SHA, 10, null, null, List.of(c0)).validated())
                .hasMessageContaining("1 chunks, expected 2");
        assertThatThrownBy(() -> new Manifest("m", 15, SHA, 10, null, null, List.of(c0, new ManifestChunk(1, 11, 4, SHA))).validated())
                .hasMessageContaining("chunk 1 is (index 1, offset 11, length 4), expected (1, 10, 5)");
        assertThatThrownBy(() -> new Manifest("m", 15, SHA, 10, null, null, List.of(c0, new ManifestChunk(1, 10, 5, "nope"))).validated())
                .hasMessageContaining("chunk 1 has no valid sha256");
        assertThatThrownBy(() -> new Manifest("m", 15, "short", 10, null, null, List.of()).validated())
                .hasMessageContaining("sha256 is not 64 hex digits");
    }
}
