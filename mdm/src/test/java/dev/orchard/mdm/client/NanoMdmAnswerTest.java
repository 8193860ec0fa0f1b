package dev.orchard.mdm.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * NanoMDM's answers, as its handlers write them ({@code http/api/api.go writeAPIResult}: Go's
 * {@code encoding/json} with tab indentation; {@code api/types.go} field names; {@code api/api.go code} for
 * 200/207/500), sorted into results and retryable or final errors. The JSON here is written for this test from
 * those source files (NanoMDM commit 1d5fcf4da9b1606a022bf85dcf0449961865c1d9).
 */
class NanoMdmAnswerTest {

    private static final String ID = "5C9E2D41-8B0A-4E1F-A3B6-0D7C9E8F1A2B";

    @Test
    void enqueuedAndPushed() throws Exception {
        ApiResult r = NanoMdmClient.answer("enqueue", 200, json("""
                {
                \t"status": {
                \t\t"%s": {
                \t\t\t"push_result": "A1B2C3D4-0000-1111-2222-333344445555"
                \t\t}
                \t},
                \t"command_uuid": "cmd-1",
                \t"request_type": "EraseDevice"
                }
                """.formatted(ID)));
        assertThat(r.enqueuedFor(ID)).isTrue();
        assertThat(r.pushedTo(ID)).isTrue();
        assertThat(r.of(ID).pushId()).contains("A1B2C3D4-0000-1111-2222-333344445555");
        assertThat(r.commandUuid()).contains("cmd-1");
        assertThat(r.requestType()).contains("EraseDevice");
    }

    @Test
    void enqueuedWithoutPush() throws Exception {
        ApiResult r = NanoMdmClient.answer("enqueue", 200, json("""
                {"no_push": true, "command_uuid": "cmd-1", "request_type": "SecurityInfo"}"""));
        assertThat(r.noPush()).isTrue();
        assertThat(r.enqueuedFor(ID)).isTrue();
        assertThat(r.pushedTo(ID)).isFalse();
    }

    @Test
    void queuedButThePushFailedIsA500ThatCarriesTheResult() {
        byte[] body = json("""
                {"status": {"%s": {"push_error": "push data missing for id"}}, "command_uuid": "cmd-1",
                 "request_type": "EraseDevice"}""".formatted(ID));
        assertThatThrownBy(() -> NanoMdmClient.answer("enqueue", 500, body))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.httpStatus()).hasValue(500);
                    assertThat(e.result()).hasValueSatisfying(r -> {
                        assertThat(r.enqueuedFor(ID)).isTrue();
                        assertThat(r.pushedTo(ID)).isFalse();
                        assertThat(r.errorFor(ID)).contains("push_error: push data missing for id");
                    });
                    assertThat(e.getMessage()).contains("push data missing for id");
                });
    }

    @Test
    void aCommandAlreadyQueuedIsARequestWideCommandError() {
        byte[] body = json("""
                {"command_error": "command already exists: cmd-1", "command_uuid": "cmd-1",
                 "request_type": "EraseDevice"}""");
        assertThatThrownBy(() -> NanoMdmClient.answer("enqueue", 500, body))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.result()).hasValueSatisfying(r -> assertThat(r.enqueuedFor(ID)).isFalse());
                    assertThat(e.getMessage()).contains("command already exists");
                });
    }

    @Test
    void anUndecodableCommandIsNotRetried() {
        byte[] body = json("{\"command_error\": \"decoding command: invalid command\"}");
        assertThatThrownBy(() -> NanoMdmClient.answer("enqueue", 500, body))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void aProxyErrorPageIsRetryable() {
        assertThatThrownBy(() -> NanoMdmClient.answer("push", 503, "<html>down</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.result()).isEmpty();
                });
    }

    @Test
    void aRefusedKeyAndOther4xxAreFinal() {
        // NanoMDM: http.Error(w, "Unauthorized", 401) from nanolib's NewSimpleBasicAuthHandler
        assertThatThrownBy(() -> NanoMdmClient.answer("push", 401, "Unauthorized\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("API key");
                });
        assertThatThrownBy(() -> NanoMdmClient.answer("push", 404, "404 page not found\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> NanoMdmClient.answer("push", 301, new byte[0]))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("redirect");
                });
    }

    @Test
    void partialSuccessIsAResultNotAnError() throws Exception {
        ApiResult r = NanoMdmClient.answer("push", 207, json("""
                {"status": {"a": {"push_result": "x"}, "b": {"push_error": "push data missing for id"}}}"""));
        assertThat(r.pushedTo("a")).isTrue();
        assertThat(r.pushedTo("b")).isFalse();
        assertThat(r.of("c")).isEqualTo(EnrollmentResult.NONE);
    }

    @Test
    void unknownFieldsAreIgnoredAndAnUnreadable200IsRetryable() throws Exception {
        assertThat(NanoMdmClient.answer("push", 200, json("{\"future\": {\"x\": 1}}")).status()).isEmpty();
        assertThatThrownBy(() -> NanoMdmClient.answer("push", 200, json("[]")))
                .isInstanceOfSatisfying(NanoMdmException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void theEndpointNormalisesItsBaseAndHidesTheKey() {
        NanoMdmEndpoint e = NanoMdmEndpoint.of(URI.create("https://mdm.example/nanomdm"), "s3cret-key");
        assertThat(e.api("push/x")).isEqualTo(URI.create("https://mdm.example/nanomdm/v1/push/x"));
        assertThat(NanoMdmEndpoint.of(URI.create("http://127.0.0.1:9000"), "k").api("enqueue/a,b"))
                .isEqualTo(URI.create("http://127.0.0.1:9000/v1/enqueue/a,b"));
        assertThat(e.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> NanoMdmEndpoint.of(URI.create("https://u:p@mdm.example/"), "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NanoMdmEndpoint.of(URI.create("ftp://mdm.example/"), "k"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
