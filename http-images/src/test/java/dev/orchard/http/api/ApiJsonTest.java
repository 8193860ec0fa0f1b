package dev.orchard.http.api;

import dev.orchard.http.spi.EventResult;
import dev.orchard.http.spi.EventStage;
import dev.orchard.http.spi.MachineEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiJsonTest {

    @Test
    void readsTheEventOfTheContract() throws Exception {
        String json = """
                {"seq": 12, "stage": "restore", "step": null, "result": "progress",
                 "bytesDone": 1048576, "bytesTotal": 268435456, "message": "chunk 3/64 verified",
                 "at": "2026-11-25T18:00:00.123Z"}""";
        MachineEvent e = ApiJson.read(json.getBytes(StandardCharsets.UTF_8), MachineEvent.class);
        assertThat(e.seq()).isEqualTo(12);
        assertThat(e.stage()).isEqualTo(EventStage.RESTORE);
        assertThat(e.result()).isEqualTo(EventResult.PROGRESS);
        assertThat(e.bytesTotal()).isEqualTo(268435456L);
        assertThat(e.at()).hasToString("2026-11-25T18:00:00.123Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{", "null", "[]", "{\"seq\":1,\"stage\":\"restore\",\"result\":\"started\",\"extra\":1}",
            "{\"seq\":1,\"stage\":\"RESTORE\",\"result\":\"started\"}",
            "{\"seq\":1,\"stage\":\"nope\",\"result\":\"started\"}",
            "{\"seq\":1,\"stage\":0,\"result\":\"started\"}",
            "{\"seq\":\"1\",\"stage\":\"restore\",\"result\":\"started\"}",
            "{\"seq\":1.5,\"stage\":\"restore\",\"result\":\"started\"}",
            "{\"seq\":null,\"stage\":\"restore\",\"result\":\"started\"}",
            "{\"seq\":1,\"result\":\"started\"}",
            "{\"seq\":-1,\"stage\":\"restore\",\"result\":\"started\"}",
            "{\"seq\":1,\"stage\":\"restore\",\"result\":\"started\"} trailing",
            "{\"seq\":1,\"stage\":\"restore\",\"result\":\"started\",\"bytesDone\":-5}",
            "{\"seq\":1,\"stage\":\"restore\",\"result\":\"started\",\"at\":\"yesterday\"}",
            "{\"seq\":1,\"stage\":\"restore\",\"result\":\"started\",\"seq\":2}",
    })
    void rejectsBadBodiesWithA400(String body) {
        assertThatThrownBy(() -> ApiJson.read(body.getBytes(StandardCharsets.UTF_8), MachineEvent.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void unknownFieldIsNamed() {
        assertThatThrownBy(() -> ApiJson.read(
                "{\"seq\":1,\"stage\":\"plan\",\"result\":\"started\",\"colour\":1}".getBytes(StandardCharsets.UTF_8),
                MachineEvent.class)).hasMessageContaining("colour");
    }

    @Test
    void macAddressesAreNormalisedOrA400NamingTheAcceptedForms() throws Exception {
        // every form of the one grammar: MacAddressVectorsIT, through the real endpoints
        assertThat(MacAddresses.require("0:1B:63:84:45:E6", "mac")).isEqualTo("00:1b:63:84:45:e6");
        assertThatThrownBy(() -> MacAddresses.require("00:1b:63:84:45", "mac")).isInstanceOf(ApiException.class)
                .hasMessage("mac: '00:1b:63:84:45' is not a MAC address; " + dev.orchard.mac.MacAddress.ACCEPTED_FORMS);
    }

    @Test
    void bearerTokensAndConstantTimeCompare() {
        assertThat(BearerTokens.extract(java.util.Optional.of("Bearer abc"))).contains("abc");
        assertThat(BearerTokens.extract(java.util.Optional.of("bearer  abc "))).contains("abc");
        assertThat(BearerTokens.extract(java.util.Optional.of("Basic abc"))).isEmpty();
        assertThat(BearerTokens.extract(java.util.Optional.of("Bearer "))).isEmpty();
        assertThat(BearerTokens.constantTimeEquals("secret-token-123", "secret-token-123")).isTrue();
        assertThat(BearerTokens.constantTimeEquals("secret-token-124", "secret-token-123")).isFalse();
        assertThat(BearerTokens.constantTimeEquals("", "secret-token-123")).isFalse();
    }
}
