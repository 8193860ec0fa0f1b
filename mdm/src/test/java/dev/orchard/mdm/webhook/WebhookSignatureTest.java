package dev.orchard.mdm.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NanoMDM's {@code X-Hmac-Signature}: base64 of HMAC-SHA256 over the body. The expected value below is
 * RFC 4231 test case 2 (key "Jefe", data "what do ya want for nothing?") in base64, so the check does not
 * depend on this class computing it.
 */
class WebhookSignatureTest {

    private static final byte[] BODY = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    // RFC 4231 §4.3: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
    private static final String EXPECTED = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";

    @Test
    void signsAsNanoMdmDoes() {
        assertThat(new WebhookSignature("Jefe").sign(BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesOnlyTheRightSignatureOfTheExactBody() {
        WebhookSignature s = new WebhookSignature("Jefe");
        assertThat(s.verify(BODY, Optional.of(EXPECTED))).isTrue();
        assertThat(s.verify(BODY, Optional.of(" " + EXPECTED + " "))).isTrue();
        assertThat(s.verify(BODY, Optional.empty())).isFalse();
        assertThat(s.verify(BODY, Optional.of("not base64!"))).isFalse();
        assertThat(s.verify(BODY, Optional.of(""))).isFalse();
        assertThat(new WebhookSignature("jefe").verify(BODY, Optional.of(EXPECTED))).isFalse();
        byte[] changed = BODY.clone();
        changed[0] ^= 1;
        assertThat(s.verify(changed, Optional.of(EXPECTED))).isFalse();
        assertThat(s.toString()).doesNotContain("Jefe");
    }
}
